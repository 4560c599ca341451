import { parse } from 'csv-parse/sync';
import { slugify } from '#shared/domain/ids.ts';
import { DEVICE_KINDS, Slug } from '#shared/schemas/common.ts';
import type { CostKey } from '#shared/schemas/cost-key.ts';
import { DeviceFields } from '#shared/schemas/device.ts';
import { detectFormat, HEADER_MAPPINGS, kindFromText, normaliseHeader, ROLE_AND_KIND, type ImportField, type ImportFormat } from './columns.ts';

/** One thing wrong with one row: `row` is the line as a spreadsheet shows it (the header is row 1). */
export interface ImportProblem {
  row: number;
  field: string;
  /** The file's own header for the field, when it has one. */
  column?: string;
  problem: string;
}

/** What the file is checked against: the region's environments and members, and the device ids it has already. */
export interface ImportReferences {
  environments: ReadonlyArray<{ id: string; name: string }>;
  members: ReadonlyArray<{ id: string; name: string }>;
  existingDeviceIds: ReadonlySet<string>;
}

export type ParsedImport = { ok: true; format: ImportFormat; devices: DeviceFields[] } | { ok: false; format?: ImportFormat; problems: ImportProblem[] };

/** A larger file is refused outright; split it. */
export const MAX_IMPORT_ROWS = 100_000;

/**
 * Reads a device CSV (our own columns, or a NetBox or Snipe-IT export; see `columns.ts`) and
 * checks every row completely: field values, references to environments and members, ids unique
 * in the file and new to the region. Pure: the caller supplies the references. Either every row
 * is a valid device, or the answer lists each bad row and field, so a caller can write nothing
 * unless everything is right.
 */
export function parseDeviceCsv(text: string, references: ImportReferences): ParsedImport {
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter: guessDelimiter(text), skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { ok: false, problems: [{ row: line ?? 1, field: 'file', problem: `is not readable as CSV: ${(error as Error).message}` }] };
  }
  const [header, ...rows] = records;
  if (!header || rows.length === 0) return { ok: false, problems: [{ row: 1, field: 'file', problem: 'has no header row and data rows' }] };
  if (rows.length > MAX_IMPORT_ROWS) {
    return { ok: false, problems: [{ row: MAX_IMPORT_ROWS + 2, field: 'file', problem: `has ${rows.length} rows; import at most ${MAX_IMPORT_ROWS} at a time` }] };
  }

  const normalised = header.map(normaliseHeader);
  const format = detectFormat(normalised);
  const mapping = HEADER_MAPPINGS[format];
  const columns = new Map<ImportField, { index: number; header: string }>();
  normalised.forEach((name, index) => {
    const field = mapping[name];
    if (field && !columns.has(field)) columns.set(field, { index, header: header[index] ?? name });
  });
  const problems: ImportProblem[] = [];
  const kindFromRole = ROLE_AND_KIND[format] && !columns.has('kind');
  for (const required of ['name', 'environmentId', 'purchaseDate', 'purchaseCostNok'] as const) {
    if (!columns.has(required)) problems.push({ row: 1, field: required, problem: `no column for ${required} (${format} headers)` });
  }
  if (!columns.has('kind') && !kindFromRole) problems.push({ row: 1, field: 'kind', problem: 'no column for kind' });
  if (problems.length > 0) return { ok: false, format, problems };

  const lookups = { environments: nameLookup(references.environments), members: nameLookup(references.members) };
  const firstRowOfId = new Map<string, number>();
  const devices: DeviceFields[] = [];
  rows.forEach((cells, index) => {
    const row = index + 2;
    const cell = (field: ImportField) => {
      const column = columns.get(field);
      return column ? (cells[column.index] ?? '').trim() : '';
    };
    const report = (field: string, problem: string, column = columns.get(field as ImportField)?.header) => {
      problems.push({ row, field, ...(column ? { column } : {}), problem });
    };
    // Values that cannot be read are reported here; the schema then checks the rest of the row,
    // so one pass names every bad field of the row, not just the first.
    const { record, failed } = readRow(cell, report, { format, kindFromRole, lookups, roleHeader: columns.get('role')?.header });
    const result = DeviceFields.safeParse(record);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = String(issue.path[0] ?? 'row');
        if (!failed.has(field)) report(field, issue.message);
      }
    }
    if (!result.success || failed.size > 0) return;
    const id = result.data.id;
    const seen = firstRowOfId.get(id);
    if (seen !== undefined) report('id', `'${id}' is also on row ${seen}; ids must be unique`);
    else firstRowOfId.set(id, row);
    if (references.existingDeviceIds.has(id)) report('id', `a device '${id}' exists already in the region; import only adds devices`);
    devices.push(result.data);
  });
  return problems.length > 0 ? { ok: false, format, problems } : { ok: true, format, devices };
}

interface RowContext {
  format: ImportFormat;
  kindFromRole: boolean;
  lookups: { environments: ReadonlyMap<string, string>; members: ReadonlyMap<string, string> };
  roleHeader: string | undefined;
}

/**
 * One row as input for the device schema. Cells that cannot be read (a date that is no date, an
 * unknown environment) are reported at once and named in `failed` (by schema field), so the schema's
 * own complaint about the same field is not reported twice.
 */
function readRow(
  cell: (field: ImportField) => string,
  report: (field: string, problem: string, column?: string) => void,
  context: RowContext,
): { record: Record<string, unknown>; failed: Set<string> } {
  const failed = new Set<string>();
  const fail = (field: string, problem: string, column?: string) => {
    failed.add(field === 'warrantyMonths' ? 'warrantyEnd' : field === 'payerMemberId' || field === 'payerKey' ? 'payer' : field);
    report(field, problem, column);
  };
  const name = cell('name');
  const role = cell('role');

  // id: given, else from Snipe-IT's asset tag (mapped to id), else from the name.
  const givenId = cell('id');
  const id = givenId === '' ? slugify(name) : context.format === 'driftsbilde' ? givenId : slugify(givenId);
  if (id === '') fail('id', 'is empty and cannot be made from the name');

  const kindText = context.kindFromRole ? role : cell('kind');
  const kind = (DEVICE_KINDS as readonly string[]).includes(kindText.toLowerCase()) ? kindText.toLowerCase() : kindFromText(kindText);
  if (kind === undefined) fail('kind', `'${kindText}' names no device kind (${DEVICE_KINDS.join(', ')})`, context.kindFromRole ? context.roleHeader : undefined);

  const environmentText = cell('environmentId');
  const environmentId = context.lookups.environments.get(lookupKey(environmentText));
  if (environmentText === '') fail('environmentId', 'is required');
  else if (environmentId === undefined) fail('environmentId', `no environment '${environmentText}' in this region`);

  const payerText = cell('payerMemberId');
  const memberId = payerText === '' ? undefined : context.lookups.members.get(lookupKey(payerText));
  if (payerText !== '' && memberId === undefined) fail('payerMemberId', `no member '${payerText}' in this region`);
  const keyText = cell('payerKey');
  const key = keyText === '' ? undefined : parseCostKey(keyText);
  if (key === 'invalid') fail('payerKey', `'${keyText}' is not a key (equal, population, fixed-plus-population:0.3, custom:a=60;b=40)`);
  if (memberId !== undefined && key !== undefined) fail('payerKey', 'only a shared device (no payerMemberId) has a key');

  const purchaseDate = readDate(cell('purchaseDate'), 'purchaseDate', fail, true);
  const purchaseCostNok = readNok(cell('purchaseCostNok'), 'purchaseCostNok', fail, true);
  const replacementCostNok = readNok(cell('replacementCostNok'), 'replacementCostNok', fail, false);
  const expectedLifetimeYears = readInteger(cell('expectedLifetimeYears'), 'expectedLifetimeYears', fail);
  const criticality = readInteger(cell('criticality'), 'criticality', fail) ?? 3;
  let warrantyEnd = readDate(cell('warrantyEnd'), 'warrantyEnd', fail, false);
  const warrantyMonths = readInteger(cell('warrantyMonths'), 'warrantyMonths', fail);
  if (warrantyEnd === undefined && warrantyMonths !== undefined && typeof purchaseDate === 'string') warrantyEnd = addMonths(purchaseDate, warrantyMonths);
  const endOfSupportText = cell('vendorEndOfSupport');
  const vendorEndOfSupport =
    endOfSupportText === '' ? null : endOfSupportText.toLowerCase() === 'announced-unknown' ? 'announced-unknown' : readDate(endOfSupportText, 'vendorEndOfSupport', fail, false);
  const tags = cell('tags')
    .split(/[;,|]/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');

  const record = {
    id,
    name,
    kind,
    role,
    vendor: cell('vendor'),
    model: cell('model'),
    serial: cell('serial'),
    firmware: cell('firmware'),
    environmentId,
    purchaseDate,
    purchaseCostNok,
    ...(replacementCostNok !== undefined ? { replacementCostNok } : {}),
    ...(expectedLifetimeYears !== undefined ? { expectedLifetimeYears } : {}),
    vendorEndOfSupport,
    ...(warrantyEnd !== undefined ? { warrantyEnd } : {}),
    criticality,
    payer: memberId !== undefined ? { type: 'member', memberId } : { type: 'shared', ...(key && key !== 'invalid' ? { key } : {}) },
    tags,
  };
  return { record, failed };
}

/** Semicolon-separated files come from Norwegian Excel; the header line decides. */
function guessDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n/) === -1 ? undefined : text.search(/\r?\n/));
  const outsideQuotes = firstLine.replace(/"[^"]*"/g, '');
  const count = (char: string) => outsideQuotes.split(char).length - 1;
  if (count('\t') > count(',') && count('\t') > count(';')) return '\t';
  return count(';') > count(',') ? ';' : ',';
}

function lookupKey(text: string): string {
  return slugify(text);
}

/** id and slugified name → id, so `Kristiansand`, `kristiansand` and the id all find the member. */
function nameLookup(records: ReadonlyArray<{ id: string; name: string }>): Map<string, string> {
  const map = new Map<string, string>();
  for (const record of records) map.set(lookupKey(record.name), record.id);
  for (const record of records) map.set(record.id, record.id);
  return map;
}

function readDate(text: string, field: string, fail: (field: string, problem: string) => void, required: boolean): string | undefined {
  if (text === '') {
    if (required) fail(field, 'is required');
    return undefined;
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$/.exec(text);
  const norwegian = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(text);
  const value = iso ? `${iso[1]}-${iso[2]}-${iso[3]}` : norwegian ? `${norwegian[3]}-${norwegian[2]!.padStart(2, '0')}-${norwegian[1]!.padStart(2, '0')}` : undefined;
  const parsed = value === undefined ? undefined : new Date(`${value}T00:00:00Z`);
  const valid = parsed !== undefined && !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
  if (!valid) {
    fail(field, `'${text}' is not a date (YYYY-MM-DD or dd.mm.yyyy)`);
    return undefined;
  }
  return value;
}

/**
 * Kroner as people write them: `12 500`, `12500,50`, `12,500.50`, `1.500.000`, `kr 9 000,-`.
 * With both separators the last is the decimal one; a lone comma followed by one or two digits is
 * decimal; dots in groups of three are thousands. Rounded to whole NOK.
 */
export function parseNok(text: string): number | undefined {
  let value = text.replace(/\s|\u00a0/g, '').replace(/^(kr|nok)/i, '').replace(/(kr|nok|,-)$/i, '');
  if (value === '' || !/^-?[\d.,]+$/.test(value)) return undefined;
  const lastComma = value.lastIndexOf(',');
  const lastDot = value.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    const decimal = lastComma > lastDot ? ',' : '.';
    value = value.replace(decimal === ',' ? /\./g : /,/g, '').replace(decimal, '.');
  } else if (lastComma >= 0) {
    value = /,\d{1,2}$/.test(value) && value.split(',').length === 2 ? value.replace(',', '.') : value.replace(/,/g, '');
  } else if (lastDot >= 0 && /^-?\d{1,3}(\.\d{3})+$/.test(value) && value.split('.').length > 2) {
    value = value.replace(/\./g, '');
  } else if (lastDot >= 0 && /^-?\d{1,3}\.\d{3}$/.test(value)) {
    // `1.500` in a Norwegian file is one thousand five hundred kroner, not 1.5.
    value = value.replace('.', '');
  }
  const number = Number(value);
  return Number.isFinite(number) ? Math.round(number) : undefined;
}

function readNok(text: string, field: string, fail: (field: string, problem: string) => void, required: boolean): number | undefined {
  if (text === '') {
    if (required) fail(field, 'is required');
    return undefined;
  }
  const value = parseNok(text);
  if (value === undefined || value < 0) fail(field, `'${text}' is not an amount in NOK`);
  return value;
}

function readInteger(text: string, field: string, fail: (field: string, problem: string) => void): number | undefined {
  if (text === '') return undefined;
  if (!/^\d+$/.test(text)) {
    fail(field, `'${text}' is not a whole number`);
    return undefined;
  }
  return Number(text);
}

function addMonths(isoDate: string, months: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
}

/** `equal`, `population`, `fixed-plus-population:0.3`, `custom:a=60;b=40` → a cost key. */
export function parseCostKey(text: string): CostKey | 'invalid' {
  const [type, argument = ''] = text.split(':', 2).map((part) => part.trim());
  if (type === 'equal' && argument === '') return { type: 'equal' };
  if (type === 'population' && argument === '') return { type: 'population' };
  if (type === 'fixed-plus-population') {
    const fixed = Number(argument.replace(',', '.'));
    return argument !== '' && fixed >= 0 && fixed <= 1 ? { type: 'fixed-plus-population', fixed } : 'invalid';
  }
  if (type === 'custom') {
    const shares: Record<string, number> = {};
    for (const pair of argument.split(/[;|]/).filter(Boolean)) {
      const [memberId = '', percent = ''] = pair.split('=').map((part) => part.trim());
      if (!Slug.safeParse(memberId).success || !/^\d+([.,]\d+)?$/.test(percent)) return 'invalid';
      shares[memberId] = Number(percent.replace(',', '.'));
    }
    const total = Object.values(shares).reduce((sum, p) => sum + p, 0);
    return Math.abs(total - 100) < 1e-6 ? { type: 'custom', shares } : 'invalid';
  }
  return 'invalid';
}
