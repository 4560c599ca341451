/**
 * `npm run users -- <command>`: the users of a real local instance (`npm start -- --no-demo`),
 * kept in DATA_DIR/users.json. Works while the instance runs (each sign-in reads the file).
 *   add <name> --role operator|member|budget-owner|admin [--member <memberId>] [--region <id,…>|*]
 *   list
 *   remove <name>
 *   reset <name>          a new password, printed once
 * Passwords are generated, printed once and stored only as scrypt hashes.
 * `--lang en` prints in English; bokmål by default.
 */
import { parseArgs } from 'node:util';
import type { Role } from '#shared/domain/identity.ts';
import { cliText, type CliCode } from '#shared/messages/cli.ts';
import { langOf, type MessageParams } from '#shared/messages/render.ts';
import { localSettings } from './settings.ts';
import { LocalUserStore } from './users.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { role: { type: 'string' }, member: { type: 'string' }, region: { type: 'string' }, lang: { type: 'string' } },
});
const lang = langOf(values.lang ?? process.env.DRIFTSBILDE_LANG);
const say = (code: CliCode, params: MessageParams = {}) => cliText(lang, code, params);
const USAGE = say('users.usage');

try {
  const [command, userName] = positionals;
  const users = new LocalUserStore(localSettings().dataDir);
  const needName = (): string => {
    if (!userName) throw new Error(`${say('users.needs-name', { command })}\n${USAGE}`);
    return userName;
  };
  switch (command) {
    case 'add': {
      if (!values.role) throw new Error(`${say('users.needs-role')}\n${USAGE}`);
      const role = values.role as Role;
      const region = values.region ?? (role === 'admin' ? '*' : undefined);
      if (region === undefined) throw new Error(say('users.needs-region'));
      const password = await users.add({ userName: needName(), role, memberId: values.member, regionIds: region === '*' ? '*' : region.split(',').map((id) => id.trim()) });
      printPassword(say('users.added', { user: needName().toLowerCase(), role }), password);
      break;
    }
    case 'list': {
      const list = users.list();
      if (list.length === 0) console.log(say('users.none', { file: users.file }));
      for (const user of list) {
        console.log([user.userName, user.role, user.memberId ?? '-', say('users.regions', { regions: String(user.regionIds) }), say('users.added-at', { at: user.createdAt })].join('\t'));
      }
      break;
    }
    case 'remove':
      users.remove(needName());
      console.log(say('users.removed', { user: needName().toLowerCase() }));
      break;
    case 'reset':
      printPassword(say('users.new-password', { user: needName().toLowerCase() }), await users.reset(needName()));
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
  console.error(`${what} ${say('users.password-once')}`);
  console.log(password);
}
