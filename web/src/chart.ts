import { formatNumber } from './format.ts';

/**
 * A small inline SVG line chart for a device's history, drawn without a library: a line through the
 * values (raw samples) or the hourly averages, with a shaded band from each hour's minimum to its
 * maximum. The chart is an image with a title and a description for screen readers; the numbers
 * themselves are in the table the history panel puts beside it.
 */
export interface ChartPoint {
  /** Milliseconds since the epoch. */
  at: number;
  /** The value, or the hour's average. */
  value: number;
  min?: number;
  max?: number;
}

export interface ChartOptions {
  title: string;
  description: string;
  points: ChartPoint[];
  /** The range asked for, so an empty stretch shows as empty rather than being stretched away. */
  from: number;
  to: number;
  unit?: string;
  /** Labels for the time axis (`14:00` for a day, `01.07` for longer ranges). */
  timeLabel: (at: number) => string;
}

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 720;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 16, bottom: 28, left: 48 };

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

let nextChartId = 0;

export function lineChart(options: ChartOptions): SVGSVGElement {
  nextChartId += 1;
  const titleId = `chart-${nextChartId}-title`;
  const descriptionId = `chart-${nextChartId}-description`;
  const chart = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    class: 'chart',
    role: 'img',
    'aria-labelledby': `${titleId} ${descriptionId}`,
  });
  chart.append(svg('title', { id: titleId }, options.title), svg('desc', { id: descriptionId }, options.description));

  const points = [...options.points].sort((a, b) => a.at - b.at);
  const lows = points.map((point) => point.min ?? point.value);
  const highs = points.map((point) => point.max ?? point.value);
  const ticks = niceTicks(Math.min(...lows), Math.max(...highs));
  const low = ticks[0] ?? 0;
  const high = ticks[ticks.length - 1] ?? 1;
  // The value labels carry their unit and thousands separators; the plot starts where the longest ends.
  const tickLabel = (tick: number) => `${formatNumber(tick)}${options.unit ? ` ${options.unit}` : ''}`;
  const left = labelMargin(ticks.map(tickLabel), MARGIN.left);
  const plotWidth = WIDTH - left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const span = Math.max(1, options.to - options.from);
  const x = (at: number) => left + ((at - options.from) / span) * plotWidth;
  const y = (value: number) => MARGIN.top + plotHeight - ((value - low) / (high - low || 1)) * plotHeight;
  const round = (value: number) => Math.round(value * 10) / 10;

  // Horizontal grid lines with their values.
  const grid = svg('g', { class: 'chart-grid', 'aria-hidden': 'true' });
  for (const tick of ticks) {
    grid.append(
      svg('line', { x1: left, x2: WIDTH - MARGIN.right, y1: round(y(tick)), y2: round(y(tick)) }),
      svg('text', { x: left - 6, y: round(y(tick)) + 4, 'text-anchor': 'end' }, tickLabel(tick)),
    );
  }
  // Time labels along the bottom: the start, three in between and the end.
  for (let index = 0; index <= 4; index++) {
    const at = options.from + (span * index) / 4;
    grid.append(svg('text', { x: round(x(at)), y: HEIGHT - 8, 'text-anchor': index === 0 ? 'start' : index === 4 ? 'end' : 'middle' }, options.timeLabel(at)));
  }
  grid.append(svg('line', { class: 'chart-axis', x1: left, x2: WIDTH - MARGIN.right, y1: MARGIN.top + plotHeight, y2: MARGIN.top + plotHeight }));
  chart.append(grid);

  // A gap in the data (a device that was not swept for a while) breaks the line instead of bridging it.
  for (const segment of segments(points)) {
    if (segment.some((point) => point.min !== undefined && point.max !== undefined)) {
      const top = segment.map((point) => `${round(x(point.at))},${round(y(point.max ?? point.value))}`);
      const bottom = [...segment].reverse().map((point) => `${round(x(point.at))},${round(y(point.min ?? point.value))}`);
      chart.append(svg('polygon', { class: 'chart-band', points: [...top, ...bottom].join(' ') }));
    }
    if (segment.length === 1) {
      const [only] = segment as [ChartPoint];
      chart.append(svg('circle', { class: 'chart-dot', cx: round(x(only.at)), cy: round(y(only.value)), r: 3 }));
    } else {
      chart.append(svg('polyline', { class: 'chart-line', points: segment.map((point) => `${round(x(point.at))},${round(y(point.value))}`).join(' ') }));
    }
  }
  return chart;
}

/** Room for the longest value label (11 px text, about 6.5 px a character) and a little air. */
function labelMargin(labels: readonly string[], least: number): number {
  return Math.max(least, Math.ceil(Math.max(0, ...labels.map((label) => label.length)) * 6.5 + 12));
}

/** Splits the points where the gap to the next is much longer than usual. */
function segments(points: ChartPoint[]): ChartPoint[][] {
  if (points.length < 2) return points.length === 0 ? [] : [points];
  const gaps = points.slice(1).map((point, index) => point.at - (points[index] as ChartPoint).at).sort((a, b) => a - b);
  const usual = gaps[Math.floor(gaps.length / 2)] ?? 0;
  const limit = Math.max(usual * 2.5, 1);
  const result: ChartPoint[][] = [[points[0] as ChartPoint]];
  for (let index = 1; index < points.length; index++) {
    const point = points[index] as ChartPoint;
    if (point.at - (points[index - 1] as ChartPoint).at > limit) result.push([point]);
    else (result[result.length - 1] as ChartPoint[]).push(point);
  }
  return result;
}

/** Three to six round values from below `low` to above `high` (`0, 25, 50, 75, 100`). */
export function niceTicks(low: number, high: number): number[] {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return [0, 1];
  if (low === high) {
    const pad = Math.abs(low) > 0 ? Math.abs(low) * 0.1 : 1;
    low -= pad;
    high += pad;
  }
  const rough = (high - low) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude);
  const first = Math.floor(low / step) * step;
  const ticks: number[] = [];
  for (let tick = first; tick < high + step * 0.999; tick += step) ticks.push(Math.round(tick * 1e6) / 1e6);
  return ticks;
}

// --- stacked bars ---------------------------------------------------------------------------------

/** One part of a bar: a group's value in a column (a kind's cost in a year). */
export interface BarSegment {
  group: string;
  value: number;
}

export interface BarColumn {
  key: number;
  label: string;
  segments: BarSegment[];
}

/** A reference line over the bars (a budget line): a value per column it covers, a short mark per column. */
export interface ReferenceLine {
  label: string;
  values: Array<{ column: number; value: number }>;
}

export interface BarChartOptions {
  title: string;
  description: string;
  columns: BarColumn[];
  /** Every group in stacking order (bottom first), with its label and colour index. */
  groups: Array<{ key: string; label: string }>;
  lines: ReferenceLine[];
  formatValue: (value: number) => string;
  /** What a screen reader hears for a bar segment. */
  segmentLabel: (column: BarColumn, group: { key: string; label: string }, value: number) => string;
  /** Clicking (or Enter/Space on) a segment. */
  onSelect: (column: number, group: string) => void;
  selected?: { column: number; group: string };
}

/** Colours for the groups: distinct, and at least 3:1 against the white chart background. */
export const BAR_COLOURS = ['#0b5cad', '#c75000', '#1b7a3d', '#7b3fa0', '#a1263d', '#00727a', '#6b5a00', '#4d5b69', '#b0417a', '#2f6b9a'];
const LINE_DASHES = ['8 4', '2 3', '12 3 3 3', '4 4', '1 2'];
const BAR_HEIGHT = 280;
const BAR_MARGIN = { top: 16, right: 16, bottom: 32, left: 104 };

/**
 * A stacked bar chart with reference lines, drawn without a library: one bar per column stacked by
 * group, each segment focusable (Tab) and selectable (click, Enter, Space), and each reference line
 * a dashed mark across every column it covers. The chart has a title and a description; the page
 * puts a table with the same numbers beside it.
 */
export function stackedBarChart(options: BarChartOptions): SVGSVGElement {
  nextChartId += 1;
  const titleId = `chart-${nextChartId}-title`;
  const descriptionId = `chart-${nextChartId}-description`;
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${BAR_HEIGHT}`, class: 'chart bar-chart', role: 'group', 'aria-labelledby': `${titleId} ${descriptionId}` });
  chart.append(svg('title', { id: titleId }, options.title), svg('desc', { id: descriptionId }, options.description));

  const stackTotals = options.columns.map((column) => column.segments.reduce((sum, segment) => sum + Math.max(0, segment.value), 0));
  const lineValues = options.lines.flatMap((line) => line.values.map((value) => value.value));
  const ticks = niceTicks(0, Math.max(1, ...stackTotals, ...lineValues));
  const high = ticks[ticks.length - 1] ?? 1;
  const left = labelMargin(ticks.map(options.formatValue), BAR_MARGIN.left);
  const plotWidth = WIDTH - left - BAR_MARGIN.right;
  const plotHeight = BAR_HEIGHT - BAR_MARGIN.top - BAR_MARGIN.bottom;
  const y = (value: number) => BAR_MARGIN.top + plotHeight - (Math.max(0, Math.min(value, high)) / high) * plotHeight;
  const slot = plotWidth / Math.max(1, options.columns.length);
  const barWidth = Math.min(96, slot * 0.6);
  const round = (value: number) => Math.round(value * 10) / 10;

  const grid = svg('g', { class: 'chart-grid', 'aria-hidden': 'true' });
  for (const tick of ticks) {
    grid.append(
      svg('line', { x1: left, x2: WIDTH - BAR_MARGIN.right, y1: round(y(tick)), y2: round(y(tick)) }),
      svg('text', { x: left - 6, y: round(y(tick)) + 4, 'text-anchor': 'end' }, options.formatValue(tick)),
    );
  }
  options.columns.forEach((column, index) => {
    grid.append(svg('text', { x: round(left + slot * (index + 0.5)), y: BAR_HEIGHT - 10, 'text-anchor': 'middle', class: 'chart-column-label' }, column.label));
  });
  grid.append(svg('line', { class: 'chart-axis', x1: left, x2: WIDTH - BAR_MARGIN.right, y1: BAR_MARGIN.top + plotHeight, y2: BAR_MARGIN.top + plotHeight }));
  chart.append(grid);

  const colourOf = new Map(options.groups.map((group, index) => [group.key, BAR_COLOURS[index % BAR_COLOURS.length] as string]));
  options.columns.forEach((column, index) => {
    const x = left + slot * (index + 0.5) - barWidth / 2;
    let base = 0;
    for (const group of options.groups) {
      const value = column.segments.find((segment) => segment.group === group.key)?.value ?? 0;
      if (value <= 0) continue;
      const top = y(base + value);
      const bottom = y(base);
      base += value;
      const selected = options.selected?.column === column.key && options.selected.group === group.key;
      const segment = svg('rect', {
        class: `chart-bar${selected ? ' selected' : ''}`,
        x: round(x),
        y: round(top),
        width: round(barWidth),
        height: round(Math.max(1, bottom - top)),
        fill: colourOf.get(group.key) ?? BAR_COLOURS[0]!,
        tabindex: 0,
        role: 'button',
        'aria-pressed': String(selected),
        'aria-label': options.segmentLabel(column, group, value),
        'data-column': column.key,
        'data-group': group.key,
      });
      segment.append(svg('title', {}, options.segmentLabel(column, group, value)));
      segment.addEventListener('click', () => options.onSelect(column.key, group.key));
      segment.addEventListener('keydown', (event) => {
        if (event.key !== 'Enter' && event.key !== ' ') return;
        event.preventDefault();
        options.onSelect(column.key, group.key);
      });
      chart.append(segment);
    }
  });

  // Budget lines: a dashed mark over each column, a little wider than the bar, and joined between columns.
  options.lines.forEach((line, lineIndex) => {
    const marks = svg('g', { class: 'chart-reference', 'aria-hidden': 'true', 'stroke-dasharray': LINE_DASHES[lineIndex % LINE_DASHES.length] as string });
    const points: string[] = [];
    for (const value of line.values) {
      const index = options.columns.findIndex((column) => column.key === value.column);
      if (index < 0) continue;
      const centre = left + slot * (index + 0.5);
      const half = Math.min(slot / 2, barWidth / 2 + 10);
      points.push(`${round(centre - half)},${round(y(value.value))}`, `${round(centre + half)},${round(y(value.value))}`);
    }
    if (points.length > 0) marks.append(svg('polyline', { points: points.join(' ') }));
    chart.append(marks);
  });
  return chart;
}

/** The dash pattern a reference line is drawn with, for the legend. */
export function referenceDash(index: number): string {
  return LINE_DASHES[index % LINE_DASHES.length] as string;
}
