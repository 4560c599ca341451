import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { systemActor, withAuditScope } from '#shared/domain/audit/audit-scope.ts';
import { parseKindMap } from '#shared/domain/device-import/columns.ts';
import { ValidationError, type FieldProblem } from '#shared/domain/errors.ts';
import { errorText } from '#shared/messages/errors.i18n.ts';
import { langOf, type Lang } from '#shared/messages/render.ts';
import { failAndExit, localServices } from './cli-support.ts';

const USAGE = `Imports devices from a CSV file into the running local system, all or nothing.

  npm run import -- file.csv [--region kr-ikt] [--dry-run] [--map-kind 'Hypervisor=server' …]
                             [--skip-unknown-kinds] [--lang nb|en]

Columns: Driftsbilde's own set, or a NetBox or Snipe-IT export (see shared/domain/device-import/columns.ts).
Rows whose id (asset tag) or serial matches a device of the region update it; the others are created.
  --map-kind TEXT=kind   a NetBox role or Snipe-IT category and the kind it is (repeat it, or join pairs with ;)
  --skip-unknown-kinds   skip rows whose kind is not tracked (PDU, patch panel, cooling…) and report them
  --dry-run              check everything and print the same counts; write nothing
  --lang nb|en           the language of the report (default nb, or DRIFTSBILDE_LANG)
Any other bad row: every problem is listed and nothing is written. There is no size limit here (the
API takes 256 KiB); the file is checked completely before the first device is written.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    region: { type: 'string', default: 'kr-ikt' },
    'dry-run': { type: 'boolean', default: false },
    'map-kind': { type: 'string', multiple: true, default: [] },
    'skip-unknown-kinds': { type: 'boolean', default: false },
    lang: { type: 'string', default: langOf(process.env.DRIFTSBILDE_LANG) },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const [file] = positionals;
const kindMap = parseKindMap(values['map-kind']);
const language = values.lang === 'en' ? 'en' : values.lang === 'nb' ? 'nb' : undefined;
const usageError = !file ? 'name the CSV file to import' : !kindMap.ok ? `--map-kind: ${kindMap.problem}` : !language ? '--lang is nb or en' : undefined;
if (usageError || !kindMap.ok || !language || !file) {
  console.error(`${usageError}\n\n${USAGE}`);
  process.exit(2);
}

/** A problem in the reader's language when it has a code, else its English text. */
function say(entry: FieldProblem, lang: Lang): string {
  return entry.code ? errorText(lang, { code: entry.code, params: entry.params ?? {} }) : entry.problem;
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
    kindMap: kindMap.map,
    skipUnknownKinds: values['skip-unknown-kinds'],
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
  if (interactive && !result.dryRun && result.written > 0) process.stderr.write('\n');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`${errorText(language, result.summary)} (${result.format}, ${values.region}, ${seconds} s)`);
  if (result.skipped.count > 0) console.log(errorText(language, { code: 'import-skipped-rows', params: { count: result.skipped.count, rows: result.skipped.rows.join(', ') } }));
} catch (error) {
  if (error instanceof ValidationError && Array.isArray(error.details)) {
    console.error(errorText(language, { code: 'import-refused', params: { count: error.details.length } }));
    for (const problem of error.details as Array<FieldProblem & { column?: string }>) {
      console.error(`  ${problem.field}${problem.column ? ` (column "${problem.column}")` : ''}: ${say(problem, language)}`);
    }
    process.exit(1);
  }
  failAndExit(error, services.endpoint);
}
