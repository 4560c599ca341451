import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { keyCollisions, withAccessPatternTable } from '#shared/adapters/dynamodb/entities.ts';

/**
 * README's access-pattern table from the entity registry. `npx tsx scripts/access-patterns.ts`
 * checks it (exit 1 when out of date); `--write` rewrites it.
 */
const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
const collisions = keyCollisions();
if (collisions.length > 0) {
  console.error(`Entities whose keys collide:\n${collisions.join('\n')}`);
  process.exit(1);
}
const readme = readFileSync(readmePath, 'utf8');
const generated = withAccessPatternTable(readme);
if (process.argv.includes('--write')) {
  if (generated !== readme) writeFileSync(readmePath, generated);
  console.log(generated === readme ? 'README access-pattern table already up to date' : 'README access-pattern table rewritten');
} else if (generated !== readme) {
  console.error('README access-pattern table is out of date: run npx tsx scripts/access-patterns.ts --write');
  process.exit(1);
} else console.log('README access-pattern table is up to date');
