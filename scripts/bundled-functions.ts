/**
 * `tsx scripts/bundled-functions.ts <outdir>`: synthesizes the app with real bundling into
 * `<outdir>` and prints its functions' bundles as JSON (`[{ id, dir, bytes }]`). Tests run it in a
 * child process, so that the minute of esbuild runs does not block their worker.
 */
import { synthWithBundles } from '#infra/bundled-assets.ts';

const outdir = process.argv[2];
if (!outdir) throw new Error('usage: tsx scripts/bundled-functions.ts <outdir>');
const { functions } = synthWithBundles(outdir);
process.stdout.write(JSON.stringify(functions.map(({ id, dir, bytes }) => ({ id, dir, bytes }))));
