/**
 * Prints a bearer token for the local system, alone on its last line:
 *   npm run token -- --role operator
 *   npm run token -- --role member --member lillesand
 *   npm run token -- --role operator --region kr-ikt,agder   (the regions it may act in; default kr-ikt, admins *)
 */
import { parseArgs } from 'node:util';
import type { Role } from '#shared/domain/identity.ts';
import { loadOrCreateSigningKey, signToken } from './auth.ts';
import { localSettings } from './settings.ts';

const { values } = parseArgs({
  options: { role: { type: 'string', default: 'operator' }, member: { type: 'string' }, hours: { type: 'string', default: '12' }, region: { type: 'string' } },
});

try {
  // signToken refuses a role that does not exist, naming the ones that do.
  const role = values.role as Role;
  const settings = localSettings();
  const key = await loadOrCreateSigningKey(settings.dataDir);
  const token = await signToken(key, { role, memberId: values.member, ...(values.region ? { regionIds: values.region } : {}), expiresIn: `${Number(values.hours) || 12}h` });
  console.error(`Token for role ${role}${values.member ? ` (member ${values.member})` : ''}, valid ${Number(values.hours) || 12} hours. Send it as: Authorization: Bearer <token>`);
  console.log(token);
} catch (error) {
  console.error(`Could not make a token: ${(error as Error).message}`);
  process.exit(2);
}
