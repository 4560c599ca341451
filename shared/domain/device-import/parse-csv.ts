import { parse } from 'csv-parse/sync';
import { slugify } from '#shared/domain/ids.ts';
import { DEVICE_KINDS, Slug, type DeviceKind } from '#shared/schemas/common.ts';
import type { CostKey } from '#shared/schemas/cost-key.ts';
import { DeviceFields, type Device } from '#shared/schemas/device.ts';
import { COLUMN_HINTS, detectFormat, HEADER_MAPPINGS, kindFromText, normaliseHeader, ROLE_AND_KIND, SLASH_DATE_ORDER, type ImportField, type ImportFormat } from './columns.ts';
import { fieldProblem, type FieldCode } from '#shared/messages/errors.ts';
import type { MessageParams } from '#shared/messages/render.ts';
import { fieldProblems } from '#shared/schemas/validate.ts';

/** One thing wrong with one row: `row` is the line as a spreadsheet shows it (the header is row 1). */
export interface ImportProblem {
  row: number;
  field: string;
  /** The file's own header for the field, when it has one. */
  column?: string;
  /** A stable code (`import-date-ambiguous`, `field-too-long`) the dashboard and the command line render in the reader's language. */
  code: FieldCode;
  params: MessageParams;
  /** The problem in English, for API clients. */
  problem: string;
}

/** A problem of the file as a whole or of one row, its English text from the catalogue. */
function problemAt(row: number, field: string, code: FieldCode, params: MessageParams = {}, column?: string): ImportProblem {
  const { problem, params: carried } = fieldProblem(field, code, params);
  return { row, field, ...(column ? { column } : {}), code, params: carried, problem };
}

/** What the file is checked against: the region's environments, members and devices. */
export interface ImportReferences {
  environments: ReadonlyArray<{ id: string; name: string }>;
  members: ReadonlyArray<{ id: string; name: string }>;
  /** Devices already in the region: a row with the same id (asset tag) or serial updates one. */
  existingDevices: readonly Device[];
}

/** How the caller wants kinds read and untracked rows treated. */
export interface ImportDialect {
  /** Role / category text → kind, e.g. `{ Hypervisor: 'server' }`; compared case-insensitively, before the built-in words. */
  kindMap?: Readonly<Record<string, DeviceKind>>;
  /** Rows whose kind is not tracked (PDU, patch panel, cooling) are skipped and reported, not refused. */
  skipUnknownKinds?: boolean;
}

export interface DeviceUpdate {
  device: DeviceFields;
  previous: Device;
}

export type ParsedImport =
  | { ok: true; format: ImportFormat; creates: DeviceFields[]; updates: DeviceUpdate[]; skippedRows: number[] }
  | { ok: false; format?: ImportFormat; problems: ImportProblem[] };

/** A larger file is refused outright; split it. */
export const MAX_IMPORT_ROWS = 100_000;

/** Schema fields the importer reads from some column (the rest, like monitoring, stay as they are). */
const FIELD_OF_COLUMN: Partial<Record<ImportField, keyof DeviceFields>> = {
  role: 'role',
  vendor: 'vendor',
  model: 'model',
  serial: 'serial',
  firmware: 'firmware',
  replacementCostNok: 'replacementCostNok',
  expectedLifetimeYears: 'expectedLifetimeYears',
  vendorEndOfSupport: 'vendorEndOfSupport',
  warrantyEnd: 'warrantyEnd',
  warrantyMonths: 'warrantyEnd',
  criticality: 'criticality',
  payerMemberId: 'payer',
  payerKey: 'payer',
  tags: 'tags',
};

/**
 * Reads a device CSV (our own columns, or a NetBox or Snipe-IT export; see `columns.ts`) and
 * checks every row completely: field values, references to environments and members, ids unique
 * in the file. A row whose id (asset tag) or serial matches a device of the region updates it;
 * columns the file does not have leave that device's values alone. Pure: the caller supplies the
 * references. Either every row is a valid device (or an untracked kind the caller chose to skip),
 * or the answer lists each bad row and field, so a caller can write nothing unless all is right.
 */
export function parseDeviceCsv(text: string, references: ImportReferences, dialect: ImportDialect = {}): ParsedImport {
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter: guessDelimiter(text), skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { ok: false, problems: [problemAt(line ?? 1, 'file', 'import-file-unreadable', { reason: (error as Error).message })] };
  }
  const [header, ...rows] = records;
  if (!header || rows.length === 0) return { ok: false, problems: [problemAt(1, 'file', 'import-file-empty')] };
  if (rows.length > MAX_IMPORT_ROWS) {
    return { ok: false, problems: [problemAt(MAX_IMPORT_ROWS + 2, 'file', 'import-file-too-long', { rows: rows.length, max: MAX_IMPORT_ROWS })] };
  }

  const normalised = header.map(normaliseHeader);
  const format = detectFormat(normalised);
  const mapping = HEADER_MAPPINGS[format];
  const columns = new Map<ImportField, { index: number; header: string }>();
  normalised.forEach((name, index) => {
    const field = mapping[name];
    if (field && !columns.has(field)) columns.set(field, { index, header: header[index] ?? name });
  });
  const kindFromRole = ROLE_AND_KIND[format] && !columns.has('kind');
  const problems = missingColumns(format, columns, kindFromRole);
  if (problems.length > 0) return { ok: false, format, problems };

  const cellOf = (cells: string[], field: ImportField) => {
    const column = columns.get(field);
    return column ? (cells[column.index] ?? '').trim() : '';
  };
  const dateFields: ImportField[] = ['purchaseDate', 'warrantyEnd', 'vendorEndOfSupport'];
  const slashOrder = slashOrderOf(rows.flatMap((cells) => dateFields.map((field) => cellOf(cells, field))), SLASH_DATE_ORDER[format]);
  const kindMap = new Map(Object.entries(dialect.kindMap ?? {}).map(([text, kind]) => [text.trim().toLowerCase(), kind]));
  const lookups = { environments: nameLookup(references.environments), members: nameLookup(references.members) };
  const existingById = new Map(references.existingDevices.map((device) => [device.id, device]));
  const existingBySerial = new Map(references.existingDevices.filter((device) => device.serial.trim() !== '').map((device) => [serialKey(device.serial), device]));
  const readFields = new Set([...columns.keys()].flatMap((field) => FIELD_OF_COLUMN[field] ?? []));
  if (kindFromRole) readFields.add('role');

  const firstRowOfId = new Map<string, number>();
  const creates: DeviceFields[] = [];
  const updates: DeviceUpdate[] = [];
  const skippedRows: number[] = [];
  rows.forEach((cells, index) => {
    const row = index + 2;
    const cell = (field: ImportField) => cellOf(cells, field);
    const report: ReportFn = (field, code, params = {}, column = columns.get(field as ImportField)?.header) => {
      problems.push(problemAt(row, field, code, params, column));
    };

    const kindText = kindFromRole ? cell('role') : cell('kind');
    const kind = resolveKind(kindText, kindMap);
    if (kind === undefined && dialect.skipUnknownKinds) {
      skippedRows.push(row);
      return;
    }
    // Values that cannot be read are reported here; the schema then checks the rest of the row,
    // so one pass names every bad field of the row, not just the first.
    const { record, failed } = readRow(cell, report, { format, kind, kindText, slashOrder, lookups, kindHeader: kindFromRole ? columns.get('role')?.header : undefined });
    const result = DeviceFields.safeParse(record);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = String(issue.path[0] ?? 'row');
        const [coded] = fieldProblems([issue], '');
        if (!failed.has(field) && coded) report(field, coded.code as FieldCode, coded.params);
      }
    }
    if (!result.success || failed.size > 0) return;

    const byId = existingById.get(result.data.id);
    const bySerial = result.data.serial === '' ? undefined : existingBySerial.get(serialKey(result.data.serial));
    if (byId && bySerial && byId.id !== bySerial.id) {
      report('serial', 'import-id-serial-mismatch', { idDevice: byId.id, serialDevice: bySerial.id });
      return;
    }
    const previous = byId ?? bySerial;
    const device = previous ? mergeInto(previous, result.data, readFields) : result.data;
    const seen = firstRowOfId.get(device.id);
    if (seen !== undefined) {
      report('id', previous ? 'import-row-twice-same-device' : 'import-row-twice', { id: device.id, row: String(seen) });
      return;
    }
    firstRowOfId.set(device.id, row);
    if (previous) updates.push({ device, previous });
    else creates.push(device);
  });
  return problems.length > 0 ? { ok: false, format, problems } : { ok: true, format, creates, updates, skippedRows };
}

/** Header-level problems, each naming the column in the file's own vocabulary. */
function missingColumns(format: ImportFormat, columns: ReadonlyMap<ImportField, unknown>, kindFromRole: boolean): ImportProblem[] {
  const missing: ImportField[] = (['name', 'environmentId', 'purchaseDate', 'purchaseCostNok'] as const).filter((field) => !columns.has(field));
  if (kindFromRole ? !columns.has('role') : !columns.has('kind')) missing.push('kind');
  return missing.map((field) => {
    const hint = COLUMN_HINTS[format][field] ?? { column: field };
    const code: FieldCode = hint.customField ? 'import-column-missing-custom-field' : 'import-column-missing';
    return problemAt(1, field, code, { field, column: hint.column, ...(hint.customField ? { customField: hint.customField } : {}) });
  });
}

/** The kind a role or category names: the caller's mapping, then a kind's own name, then keywords. */
function resolveKind(text: string, kindMap: ReadonlyMap<string, DeviceKind>): DeviceKind | undefined {
  const mapped = kindMap.get(text.trim().toLowerCase());
  if (mapped) return mapped;
  const lower = text.trim().toLowerCase();
  if ((DEVICE_KINDS as readonly string[]).includes(lower)) return lower as DeviceKind;
  return text.trim() === '' ? undefined : kindFromText(text);
}

/** The existing device with the file's values for the columns the file has; the rest stay. */
function mergeInto(previous: Device, imported: DeviceFields, readFields: ReadonlySet<keyof DeviceFields>): DeviceFields {
  const { version: _version, ...kept } = previous;
  const merged: Record<string, unknown> = { ...kept, id: previous.id, name: imported.name, kind: imported.kind, environmentId: imported.environmentId, purchaseDate: imported.purchaseDate, purchaseCostNok: imported.purchaseCostNok };
  for (const field of readFields) {
    if (imported[field] === undefined) delete merged[field];
    else merged[field] = imported[field];
  }
  return merged as DeviceFields;
}

function serialKey(serial: string): string {
  return serial.trim().toUpperCase();
}

interface RowContext {
  format: ImportFormat;
  kind: DeviceKind | undefined;
  kindText: string;
  slashOrder: SlashOrder;
  lookups: { environments: ReadonlyMap<string, string>; members: ReadonlyMap<string, string> };
  kindHeader: string | undefined;
}

type ReportFn = (field: string, code: FieldCode, params?: MessageParams, column?: string) => void;

/**
 * One row as input for the device schema. Cells that cannot be read (a date that is no date, an
 * unknown environment) are reported at once and named in `failed` (by schema field), so the schema's
 * own complaint about the same field is not reported twice.
 */
function readRow(cell: (field: ImportField) => string, report: ReportFn, context: RowContext): { record: Record<string, unknown>; failed: Set<string> } {
  const failed = new Set<string>();
  const fail: ReportFn = (field, code, params, column) => {
    failed.add(field === 'warrantyMonths' ? 'warrantyEnd' : field === 'payerMemberId' || field === 'payerKey' ? 'payer' : field);
    report(field, code, params, column);
  };
  const name = cell('name');

  // id: given, else from Snipe-IT's or NetBox's asset tag (mapped to id), else from the name.
  const givenId = cell('id');
  const id = givenId === '' ? slugify(name) : context.format === 'driftsbilde' ? givenId : slugify(givenId);
  if (id === '') fail('id', 'import-id-empty');

  if (context.kind === undefined) {
    fail('kind', 'import-kind-unknown', { value: context.kindText, kinds: DEVICE_KINDS.join(', ') }, context.kindHeader);
  }

  const environmentText = cell('environmentId');
  const environmentId = context.lookups.environments.get(lookupKey(environmentText));
  if (environmentText === '') fail('environmentId', 'import-required');
  else if (environmentId === undefined) fail('environmentId', 'import-environment-unknown', { value: environmentText });

  const payerText = cell('payerMemberId');
  const memberId = payerText === '' ? undefined : context.lookups.members.get(lookupKey(payerText));
  if (payerText !== '' && memberId === undefined) fail('payerMemberId', 'import-member-unknown', { value: payerText });
  const keyText = cell('payerKey');
  const key = keyText === '' ? undefined : parseCostKey(keyText);
  if (key === 'invalid') fail('payerKey', 'import-key-invalid', { value: keyText });
  if (memberId !== undefined && key !== undefined) fail('payerKey', 'import-key-only-shared');

  const date = (field: ImportField, required: boolean) => readDate(cell(field), field, fail, required, context.slashOrder);
  const purchaseDate = date('purchaseDate', true);
  const purchaseCostNok = readNok(cell('purchaseCostNok'), 'purchaseCostNok', fail, true);
  const replacementCostNok = readNok(cell('replacementCostNok'), 'replacementCostNok', fail, false);
  const expectedLifetimeYears = readInteger(cell('expectedLifetimeYears'), 'expectedLifetimeYears', fail);
  const criticality = readInteger(cell('criticality'), 'criticality', fail) ?? 3;
  let warrantyEnd = date('warrantyEnd', false);
  const warrantyMonths = readInteger(cell('warrantyMonths'), 'warrantyMonths', fail);
  if (warrantyEnd === undefined && warrantyMonths !== undefined && typeof purchaseDate === 'string') warrantyEnd = addMonths(purchaseDate, warrantyMonths);
  const endOfSupportText = cell('vendorEndOfSupport');
  const vendorEndOfSupport = endOfSupportText === '' ? null : endOfSupportText.toLowerCase() === 'announced-unknown' ? 'announced-unknown' : date('vendorEndOfSupport', false);
  const tags = cell('tags')
    .split(/[;,|]/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');

  const record = {
    id,
    name,
    kind: context.kind,
    role: cell('role'),
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

/** The order of the day and month in a file's slash dates (`04/05/2016`), or undecided. */
export type SlashOrder = 'dmy' | 'mdy' | 'undecided';

const SLASH_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$/;

/**
 * How the file writes slash dates: a date whose first part is over 12 shows day first, one whose
 * second part is, month first. With no such evidence the source's convention holds (Snipe-IT:
 * month first); without one either, each slash date must be unambiguous on its own.
 */
export function slashOrderOf(cells: readonly string[], convention: 'mdy' | undefined): SlashOrder {
  let dayFirst = false;
  let monthFirst = false;
  for (const text of cells) {
    const match = SLASH_DATE.exec(text);
    if (!match) continue;
    if (Number(match[1]) > 12) dayFirst = true;
    if (Number(match[2]) > 12) monthFirst = true;
  }
  if (dayFirst !== monthFirst) return dayFirst ? 'dmy' : 'mdy';
  return convention ?? 'undecided';
}

/**
 * A date as ISO `YYYY-MM-DD`. Accepts ISO (with or without a time), dotted Norwegian `dd.mm.yyyy`,
 * and slash dates read in the file's order (see {@link slashOrderOf}); a slash date that could be
 * either order in an undecided file is refused rather than guessed.
 */
function readDate(text: string, field: string, fail: ReportFn, required: boolean, slashOrder: SlashOrder = 'undecided'): string | undefined {
  if (text === '') {
    if (required) fail(field, 'import-required');
    return undefined;
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$/.exec(text);
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const slashed = SLASH_DATE.exec(text);
  let parts: { year: string; month: string; day: string } | undefined;
  if (iso) parts = { year: iso[1]!, month: iso[2]!, day: iso[3]! };
  else if (dotted) parts = { year: dotted[3]!, month: dotted[2]!, day: dotted[1]! };
  else if (slashed) {
    const [, first = '', second = '', yearText = ''] = slashed;
    const year = yearText.length === 2 ? String((Number(yearText) < 70 ? 2000 : 1900) + Number(yearText)) : yearText;
    let order = slashOrder;
    if (order === 'undecided') {
      if (Number(first) > 12) order = 'dmy';
      else if (Number(second) > 12 || first === second) order = 'mdy';
      else {
        fail(field, 'import-date-ambiguous', { value: text, dayFirst: isoOf(year, second, first), monthFirst: isoOf(year, first, second) });
        return undefined;
      }
    }
    parts = order === 'dmy' ? { year, month: second, day: first } : { year, month: first, day: second };
  }
  const value = parts ? isoOf(parts.year, parts.month, parts.day) : undefined;
  const parsed = value === undefined ? undefined : new Date(`${value}T00:00:00Z`);
  const valid = parsed !== undefined && !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
  if (!valid) {
    fail(field, slashed && slashOrder !== 'undecided' ? `import-date-invalid-${slashOrder}` : 'import-date-invalid', { value: text });
    return undefined;
  }
  return value;
}

/** One date cell read as the importer reads it, for callers outside a whole file (and tests). */
export function parseImportDate(text: string, slashOrder: SlashOrder = 'undecided'): { ok: true; value: string } | ({ ok: false } & Pick<ImportProblem, 'code' | 'params' | 'problem'>) {
  let failure: Pick<ImportProblem, 'code' | 'params' | 'problem'> | undefined;
  const value = readDate(
    text,
    'date',
    (field, code, params) => {
      const { problem, params: carried } = problemAt(0, field, code, params);
      failure = { code, params: carried, problem };
    },
    true,
    slashOrder,
  );
  return value !== undefined ? { ok: true, value } : { ok: false, ...(failure ?? { code: 'import-required', params: {}, problem: 'is required' }) };
}

function isoOf(year: string, month: string, day: string): string {
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/**
 * Kroner as people write them: `12 500`, `12500,50`, `12,500.50`, `1.500.000`, `kr 9 000,-`, `kr 12 500,00`;
 * a currency mark from another system's export (`$12.58`) is accepted and dropped.
 * With both separators the last is the decimal one; a lone comma followed by one or two digits is
 * decimal; dots in groups of three are thousands. Rounded to whole NOK.
 */
export function parseNok(text: string): number | undefined {
  // Currency marks are dropped, not converted: the file's amounts are taken as kroner.
  let value = text
    .replace(/\s|\u00a0|\u202f/g, '')
    .replace(/^(kr\.?|nok|usd|eur|gbp|sek|dkk|[$€£])/i, '')
    .replace(/(kr\.?|nok|usd|eur|gbp|sek|dkk|[$€£]|,-)$/i, '');
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

function readNok(text: string, field: string, fail: ReportFn, required: boolean): number | undefined {
  if (text === '') {
    if (required) fail(field, 'import-required');
    return undefined;
  }
  const value = parseNok(text);
  if (value === undefined || value < 0) fail(field, 'import-amount-invalid', { value: text });
  return value;
}

function readInteger(text: string, field: string, fail: ReportFn): number | undefined {
  if (text === '') return undefined;
  if (!/^\d+$/.test(text)) {
    fail(field, 'import-whole-number-invalid', { value: text });
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
