import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { systemActor, withAuditScope } from '#shared/domain/audit/audit-scope.ts';
import { failAndExit, localServices } from './cli-support.ts';

const USAGE = `Imports devices from a CSV file into the running local system, all or nothing.

  npm run import -- file.csv [--region kr-ikt] [--dry-run]

Columns: Driftsbilde's own set, or a NetBox or Snipe-IT export (see shared/domain/device-import/columns.ts).
Any bad row: every problem is listed and nothing is written. There is no size limit here (the API
takes 256 KiB); the file is checked completely before the first device is written.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { region: { type: 'string', default: 'kr-ikt' }, 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const [file] = positionals;
if (!file) {
  console.error(`name the CSV file to import\n\n${USAGE}`);
  process.exit(2);
}

const services = await localServices();
try {
  const text = readFileSync(file, 'utf8');
  const started = Date.now();
  const interactive = process.stderr.isTTY;
  let lastPrinted = 0;
  // The CLI writes like the API's import route: one audit entry, naming the person at the terminal.
  const auditRequest = { actor: systemActor(`import-cli:${userInfo().username}`), route: 'npm run import', regionId: values.region };
  const result = await withAuditScope(auditRequest, () => services.deviceImport.importCsv(values.region, text, {
    dryRun: values['dry-run'],
    onProgress(written, total) {
      // One progress line, rewritten in place on a terminal; every 10 % in a log.
      const step = Math.floor((written / total) * 10);
      if (interactive) process.stderr.write(`\rimporting: ${written}/${total} devices written`);
      else if (step > lastPrinted || written === total) {
        lastPrinted = step;
        process.stderr.write(`importing: ${written}/${total} devices written\n`);
      }
    },
  }));
  if (interactive && !result.dryRun) process.stderr.write('\n');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    result.dryRun
      ? `dry run: ${result.written} devices (${result.format} columns) are valid; nothing written`
      : `imported ${result.written} devices (${result.format} columns) into ${values.region} in ${seconds} s`,
  );
} catch (error) {
  failAndExit(error, services.endpoint);
}
