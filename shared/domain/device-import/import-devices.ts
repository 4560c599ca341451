import { ValidationError, type FieldProblem } from '#shared/domain/errors.ts';
import { requireRegion } from '#shared/domain/inventory.ts';
import type { InventoryStore } from '#shared/domain/inventory-store.ts';
import { allPages } from '#shared/domain/paging.ts';
import type { DeviceFields } from '#shared/schemas/device.ts';
import type { ImportFormat } from './columns.ts';
import { parseDeviceCsv, type ImportProblem } from './parse-csv.ts';

/**
 * Port: writes new devices so that either all of them are stored or none is. An implementation
 * refuses (and undoes) the batch when any id has been taken in the meantime.
 */
export interface DeviceBatchWriter {
  createAll(regionId: string, devices: readonly DeviceFields[], onProgress?: (written: number, total: number) => void): Promise<void>;
}

export interface ImportResult {
  /** Devices written; with `dryRun`, the devices that would have been written. */
  written: number;
  format: ImportFormat;
  dryRun: boolean;
}

export interface ImportOptions {
  /** Validate everything, write nothing. */
  dryRun?: boolean;
  onProgress?: (written: number, total: number) => void;
}

/** At most this many problems are listed in one answer; the message still gives the full count. */
export const MAX_LISTED_PROBLEMS = 500;

/**
 * Inventory import from CSV, all or nothing. "Nothing written" holds because nothing is written
 * until the whole file has passed: every row is validated (fields, environment and member
 * references, ids unique in the file and not yet in the region) before the first write. The
 * writer then creates each device only where its id is still free; if another writer took an id
 * in between, the writer removes what this import wrote and the import fails as a whole.
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
    const parsed = parseDeviceCsv(csv, { environments, members, existingDeviceIds: new Set(devices.map((device) => device.id)) });
    if (!parsed.ok) throw importFailed(parsed.problems);
    const dryRun = options.dryRun ?? false;
    if (!dryRun) await this.writer.createAll(regionId, parsed.devices, options.onProgress);
    return { written: parsed.devices.length, format: parsed.format, dryRun };
  }
}

/** The 400 for a bad file: each problem as `row 12.purchaseDate`, with row, field and column kept apart too. */
export function importFailed(problems: readonly ImportProblem[]): ValidationError {
  const rows = new Set(problems.map((problem) => problem.row)).size;
  const listed: Array<FieldProblem & ImportProblem> = problems.slice(0, MAX_LISTED_PROBLEMS).map((problem) => ({ ...problem, field: `row ${problem.row}.${problem.field}`, problem: problem.problem }));
  const more = problems.length > listed.length ? ` (the first ${listed.length} are listed)` : '';
  return new ValidationError(`nothing was imported: ${problems.length} problems in ${rows} rows${more}`, listed);
}
