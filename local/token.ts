/**
 * Prints a bearer token for the local system, alone on its last line:
 *   npm run token -- --role operator                      (bound to the region kr-ikt)
 *   npm run token -- --role member --member lillesand --region kr-ikt
 *   npm run token -- --role admin                         (every region: custom:regionIds = *)
 *   … --lang en                                           (the line for people in English; bokmål by default)
 * It signs with the key in the data folder, so only someone who may read that file (its owner)
 * can make one: the key file is the credential.
 */
import { parseArgs } from 'node:util';
import type { Role } from '#shared/domain/identity.ts';
import { cliText } from '#shared/messages/cli.ts';
import { langOf } from '#shared/messages/render.ts';
import { loadOrCreateSigningKey, signToken } from './auth.ts';
import { localSettings } from './settings.ts';

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'operator' },
    member: { type: 'string' },
    region: { type: 'string' },
    hours: { type: 'string', default: '12' },
    lang: { type: 'string' },
  },
});
const lang = langOf(values.lang ?? process.env.DRIFTSBILDE_LANG);

try {
  // signToken refuses a role that does not exist, a lifetime over 12 hours and `*` for a non-admin.
  const role = values.role as Role;
  const regionIds = values.region === undefined ? (role === 'admin' ? '*' : ['kr-ikt']) : values.region === '*' ? '*' : values.region.split(',').map((id) => id.trim());
  const hours = Number(values.hours);
  const settings = localSettings();
  const key = await loadOrCreateSigningKey(settings.dataDir);
  const token = await signToken(key, { role, memberId: values.member, regionIds, lifetimeHours: hours });
  const regions = regionIds === '*' ? cliText(lang, 'token.every-region') : cliText(lang, 'token.regions', { regions: regionIds.join(', ') });
  const member = values.member ? cliText(lang, 'token.member', { member: values.member }) : '';
  console.error(cliText(lang, 'token.made', { role, member, regions, hours: String(hours) }));
  console.log(token);
} catch (error) {
  console.error(cliText(lang, 'token.failed', { error: (error as Error).message }));
  process.exit(2);
}
