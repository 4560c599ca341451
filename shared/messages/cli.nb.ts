/** Texts of the local CLI commands (`npm run users`, `npm run token`), in bokmål. */
export const cliNb = {
  'users.usage': 'bruk: npm run users -- add <navn> --role <rolle> [--member <medlems-id>] [--region <region-id,…>|*] | list | remove <navn> | reset <navn> [--lang nb|en]',
  'users.needs-name': '{command} trenger et brukernavn',
  'users.needs-role': 'add trenger --role (operator, member, budget-owner eller admin)',
  'users.needs-region': 'en bruker som ikke er admin, arbeider i navngitte regioner: legg til --region <region-id>, f.eks. --region kr-ikt',
  'users.added': 'La til {user} ({role}).',
  'users.none': 'Ingen brukere ennå i {file}. `npm start -- --no-demo` oppretter den første administratoren.',
  'users.regions': 'regioner {regions}',
  'users.added-at': 'lagt til {at:date}',
  'users.removed': 'Fjernet {user}. Tokener brukeren allerede har, gjelder til de utløper (høyst 12 timer).',
  'users.new-password': 'Nytt passord for {user}.',
  'users.password-once': 'Passordet, vist bare nå:',
  'token.made': 'Token for rollen {role}{member} i {regions}, gyldig i {hours} timer. Send den som: Authorization: Bearer <token>',
  'token.member': ' (medlem {member})',
  'token.every-region': 'alle regioner',
  'token.regions': 'regionen {regions}',
  'token.failed': 'Kunne ikke lage et token: {error}',
} as const;
