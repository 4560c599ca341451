/**
 * A tiny element builder instead of a framework: `el('button', { class: 'primary', onclick }, 'Lagre')`.
 * Text children are always set as text, never parsed as HTML, so API data cannot inject markup.
 */
type Child = Node | string | number | null | undefined | false | Child[];
type Attributes = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything inside `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

let nextId = 0;
/** A unique id for linking labels, hints and errors to their inputs. */
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

// --- data tables ---------------------------------------------------------------------------------

/** A column of a data table: its heading and how its cells align (`number` right, `date` no wrap). */
export interface TableColumn {
  heading: Child;
  kind?: 'number' | 'date';
  /** Other attributes of the column's heading (`rowspan`, a class of its own). */
  attributes?: Attributes;
}

/** Columns of numbers (right-aligned), one per heading. */
export const numberColumns = (...headings: Child[]): TableColumn[] => headings.map((heading) => ({ heading, kind: 'number' }));

/**
 * One cell: its content, or `{ content, class, colspan }` for a cell with more to say; a `td`/`th`
 * element built elsewhere is placed as it is. The cell takes its column's alignment class.
 */
export type TableCell = Child | { content: Child; class?: string; colspan?: number };

/** One row: its cells, `{ cells, attributes }` for a row with a class or data attribute, or a row built elsewhere. */
export type TableRowSpec = readonly TableCell[] | { cells: readonly TableCell[]; attributes?: Attributes } | HTMLTableRowElement;

export interface DataTableOptions {
  /** Classes beside `data` (`compact project-costs`). */
  class?: string;
  /** Attributes of the table itself (`data-member`). */
  attributes?: Attributes;
  /** The caption read by screen readers only (a heading or summary above says it already). */
  captionHidden?: boolean;
  /** Which cell of every row is its header (`th scope=row`): the first unless said otherwise; null for none. */
  rowHeader?: number | null;
  /**
   * A header row of column groups (`th scope=colgroup`) above the headings; a column whose heading
   * has `rowspan: 2` stands in that row, before the groups, and spans both.
   */
  groupHeadings?: Child[];
  /** Rows of the footer (totals), built like the body's. */
  foot?: readonly TableRowSpec[];
  /** Wrapped in a `div.table-scroll`, so a wide table scrolls on its own on a narrow screen. */
  scroll?: boolean;
}

const heading = (column: TableColumn) => el('th', { scope: 'col', class: column.kind, ...column.attributes }, column.heading);
const spansGroupRow = (column: TableColumn) => Number(column.attributes?.rowspan ?? 1) > 1;
const isCellSpec = (cell: TableCell): cell is { content: Child; class?: string; colspan?: number } =>
  cell !== null && typeof cell === 'object' && !(cell instanceof Node) && !Array.isArray(cell);

/**
 * A data table as every view draws one: caption, headings with `scope="col"`, each row's first cell
 * its header (`scope="row"`), numbers right-aligned and dates kept whole by their column's kind.
 * Text children are set as text, as by `el`.
 */
export function dataTable(caption: Child, headers: readonly (Child | TableColumn)[], rows: readonly TableRowSpec[], options: DataTableOptions = {}): HTMLElement {
  const columns = headers.map((header): TableColumn => (header !== null && typeof header === 'object' && 'heading' in header ? header : { heading: header as Child }));
  const rowHeader = options.rowHeader === undefined ? 0 : options.rowHeader;
  const row = (spec: TableRowSpec): HTMLTableRowElement => {
    if (spec instanceof HTMLTableRowElement) return spec;
    const { cells, attributes } = Array.isArray(spec) ? { cells: spec as readonly TableCell[], attributes: {} } : (spec as { cells: readonly TableCell[]; attributes?: Attributes });
    let column = 0;
    const built = cells.map((cell, index) => {
      if (cell instanceof HTMLTableCellElement) {
        column += cell.colSpan;
        return cell;
      }
      const spec = isCellSpec(cell) ? cell : { content: cell };
      const kind = columns[column]?.kind;
      column += spec.colspan ?? 1;
      const header = index === rowHeader;
      return el(header ? 'th' : 'td', { scope: header ? 'row' : undefined, class: [kind, spec.class].filter(Boolean).join(' ') || undefined, colspan: spec.colspan }, spec.content);
    });
    return el('tr', attributes ?? {}, built);
  };
  const table = el(
    'table',
    { ...options.attributes, class: ['data', options.class].filter(Boolean).join(' ') },
    el('caption', { class: options.captionHidden ? 'visually-hidden' : undefined }, caption),
    el(
      'thead',
      {},
      options.groupHeadings ? el('tr', {}, columns.filter(spansGroupRow).map(heading), options.groupHeadings) : null,
      el('tr', {}, columns.filter((column) => !(options.groupHeadings && spansGroupRow(column))).map(heading)),
    ),
    el('tbody', {}, rows.map(row)),
    options.foot ? el('tfoot', {}, options.foot.map(row)) : null,
  );
  return options.scroll ? el('div', { class: 'table-scroll' }, table) : table;
}
