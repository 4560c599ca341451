import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles the dashboard's TypeScript (web/src) into web/dist/app.js, which web/index.html loads.
 * No framework and no dev server: the local host serves web/ as static files, so one bundle is
 * all the browser needs. Called at startup by local/system.ts and by the browser tests.
 */
const WEB_DIR = fileURLToPath(new URL('./', import.meta.url));

export async function buildDashboard(): Promise<void> {
  const result = await build({
    entryPoints: [`${WEB_DIR}src/main.ts`],
    outfile: `${WEB_DIR}dist/app.js`,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    sourcemap: true,
    // Errors are thrown (with file and line) rather than printed, so startup fails loudly.
    logLevel: 'silent',
    legalComments: 'none',
    write: false,
  });
  // Each file is written beside its final name and renamed into place, so a browser (or a second
  // system starting at the same time) never loads a half-written bundle.
  for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temporary = `${dirname(file.path)}/.${basename(file.path)}.${process.pid}.${Date.now()}`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
}
