import type { cliNb } from './cli.nb.ts';

/** Texts of the local CLI commands (`npm run users`), in English. */
export const cliEn: Record<keyof typeof cliNb, string> = {
  'users.usage': 'usage: npm run users -- add <name> --role <role> [--member <memberId>] [--region <regionId,…>|*] | list | remove <name> | reset <name> [--lang nb|en]',
  'users.needs-name': '{command} needs a user name',
  'users.needs-role': 'add needs --role (operator, member, budget-owner or admin)',
  'users.needs-region': 'a non-admin user works in named regions: add --region <regionId>, e.g. --region kr-ikt',
  'users.added': 'Added {user} ({role}).',
  'users.none': 'No users yet in {file}. `npm start -- --no-demo` creates the first admin.',
  'users.regions': 'regions {regions}',
  'users.added-at': 'added {at:date}',
  'users.removed': 'Removed {user}. Tokens it already holds stay valid until they expire (at most 12 hours).',
  'users.new-password': 'New password for {user}.',
  'users.password-once': 'Its password, shown only now:',
  'token.made': 'Token for role {role}{member} in {regions}, valid {hours} hours. Send it as: Authorization: Bearer <token>',
  'token.member': ' (member {member})',
  'token.every-region': 'every region',
  'token.regions': 'region {regions}',
  'token.failed': 'Could not make a token: {error}',
};
