/**
 * `npm run users -- <command>`: the users of a real local instance (`npm start -- --no-demo`),
 * kept in DATA_DIR/users.json. Works while the instance runs (each sign-in reads the file).
 *   add <name> --role operator|member|budget-owner|admin [--member <memberId>] [--region <id,…>|*]
 *   list
 *   remove <name>
 *   reset <name>          a new password, printed once
 * Passwords are generated, printed once and stored only as scrypt hashes.
 */
import { parseArgs } from 'node:util';
import type { Role } from '#shared/domain/identity.ts';
import { localSettings } from './settings.ts';
import { LocalUserStore } from './users.ts';

const USAGE = 'usage: npm run users -- add <name> --role <role> [--member <memberId>] [--region <regionId,…>|*] | list | remove <name> | reset <name>';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { role: { type: 'string' }, member: { type: 'string' }, region: { type: 'string' } },
});

try {
  const [command, userName] = positionals;
  const users = new LocalUserStore(localSettings().dataDir);
  const needName = (): string => {
    if (!userName) throw new Error(`${command} needs a user name\n${USAGE}`);
    return userName;
  };
  switch (command) {
    case 'add': {
      if (!values.role) throw new Error(`add needs --role (operator, member, budget-owner or admin)\n${USAGE}`);
      const role = values.role as Role;
      const region = values.region ?? (role === 'admin' ? '*' : undefined);
      if (region === undefined) throw new Error('a non-admin user works in named regions: add --region <regionId>, e.g. --region kr-ikt');
      const password = await users.add({ userName: needName(), role, memberId: values.member, regionIds: region === '*' ? '*' : region.split(',').map((id) => id.trim()) });
      printPassword(`Added ${needName().toLowerCase()} (${role}).`, password);
      break;
    }
    case 'list': {
      const list = users.list();
      if (list.length === 0) console.log(`No users yet in ${users.file}. \`npm start -- --no-demo\` creates the first admin.`);
      for (const user of list) {
        console.log([user.userName, user.role, user.memberId ?? '-', `regions ${user.regionIds}`, `added ${user.createdAt}`].join('\t'));
      }
      break;
    }
    case 'remove':
      users.remove(needName());
      console.log(`Removed ${needName().toLowerCase()}. Tokens it already holds stay valid until they expire (at most 12 hours).`);
      break;
    case 'reset':
      printPassword(`New password for ${needName().toLowerCase()}.`, await users.reset(needName()));
      break;
    default:
      throw new Error(USAGE);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

/** The password alone on the last line, so a script can take it with `tail -n 1`. */
function printPassword(what: string, password: string): void {
  console.error(`${what} Its password, shown only now:`);
  console.log(password);
}
