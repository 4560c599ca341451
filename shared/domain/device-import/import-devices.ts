import { ValidationError, type FieldProblem } from '#shared/domain/errors.ts';
import { requireRegion } from '#shared/domain/inventory.ts';
import type { InventoryStore } from '#shared/domain/inventory-store.ts';
import { allPages } from '#shared/domain/paging.ts';
import type { DeviceFields } from '#shared/schemas/device.ts';
import type { ImportFormat } from './columns.ts';
import { importText, type ImportMessageCode, type ImportParams } from './messages.ts';
import { parseDeviceCsv, type DeviceUpdate, type ImportDialect, type ImportProblem } from './parse-csv.ts';

/**
 * Port: writes an import's new and changed devices so that either all of them are stored or none
 * is. An implementation refuses (and undoes) the batch when an id has been taken, or a device to
 * update has been changed, in the meantime.
 */
export interface DeviceBatchWriter {
  writeAll(regionId: string, batch: { creates: readonly DeviceFields[]; updates: readonly DeviceUpdate[] }, onProgress?: (written: number, total: number) => void): Promise<void>;
}

export interface ImportResult {
  /** Devices created plus updated; with `dryRun`, those that would have been. */
  written: number;
  created: number;
  updated: number;
  /** Rows left out because their kind is not tracked (only with `skipUnknownKinds`), by row number. */
  skipped: { count: number; rows: number[] };
  format: ImportFormat;
  dryRun: boolean;
  /** "3 created, 57 updated, 4 skipped" as a stable code with parameters, plus the English text. */
  summary: { code: ImportMessageCode; params: ImportParams; message: string };
}

export interface ImportOptions extends ImportDialect {
  /** Validate everything, write nothing; the counts are those a real run would give. */
  dryRun?: boolean;
  onProgress?: (written: number, total: number) => void;
}

/** At most this many problems are listed in one answer; the message still gives the full count. */
export const MAX_LISTED_PROBLEMS = 500;

/**
 * Inventory import from CSV, all or nothing. "Nothing written" holds because nothing is written
 * until the whole file has passed: every row is validated (fields, environment and member
 * references, each device once in the file) before the first write. Rows matching a device of the
 * region by id (asset tag) or serial update it; the others create devices. The writer then writes
 * each device only where it is still as read (id free, or the version read); if another writer
 * got there in between, the writer undoes what this import wrote and the import fails as a whole.
 */
export class DeviceImport {
  constructor(
    private readonly store: InventoryStore,
    private readonly writer: DeviceBatchWriter,
  ) {}

  /** Validates `csv` completely, then writes every device; a bad file → 400 listing each row and field. */
  async importCsv(regionId: string, csv: string, options: ImportOptions = {}): Promise<ImportResult> {
    await requireRegion(this.store, regionId);
    const [environments, members, devices] = await Promise.all([
      allPages((page) => this.store.listEnvironments(regionId, page)),
      allPages((page) => this.store.listMembers(regionId, page)),
      allPages((page) => this.store.listDevices(regionId, {}, page)),
    ]);
    const parsed = parseDeviceCsv(csv, { environments, members, existingDevices: devices }, options);
    if (!parsed.ok) throw importFailed(parsed.problems);
    const dryRun = options.dryRun ?? false;
    if (!dryRun) await this.writer.writeAll(regionId, { creates: parsed.creates, updates: parsed.updates }, options.onProgress);
    const params = { created: parsed.creates.length, updated: parsed.updates.length, skipped: parsed.skippedRows.length };
    const code: ImportMessageCode = dryRun ? 'import-summary-dry-run' : 'import-summary';
    return {
      written: params.created + params.updated,
      ...params,
      skipped: { count: parsed.skippedRows.length, rows: parsed.skippedRows },
      format: parsed.format,
      dryRun,
      summary: { code, params, message: importText(code, params) },
    };
  }
}

/** The 400 for a bad file: each problem as `row 12.purchaseDate`, with row, field and column kept apart too. */
export function importFailed(problems: readonly ImportProblem[]): ValidationError {
  const rows = new Set(problems.map((problem) => problem.row)).size;
  const listed: Array<FieldProblem & ImportProblem> = problems.slice(0, MAX_LISTED_PROBLEMS).map((problem) => ({ ...problem, field: `row ${problem.row}.${problem.field}`, problem: problem.problem }));
  const more = problems.length > listed.length ? ` (the first ${listed.length} are listed)` : '';
  return new ValidationError(`nothing was imported: ${problems.length} problems in ${rows} rows${more}`, listed);
}
