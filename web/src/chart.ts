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
const MARGIN = { top: 12, right: 16, bottom: 28, left: 64 };

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
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const span = Math.max(1, options.to - options.from);
  const x = (at: number) => MARGIN.left + ((at - options.from) / span) * plotWidth;
  const y = (value: number) => MARGIN.top + plotHeight - ((value - low) / (high - low || 1)) * plotHeight;
  const round = (value: number) => Math.round(value * 10) / 10;

  // Horizontal grid lines with their values.
  const grid = svg('g', { class: 'chart-grid', 'aria-hidden': 'true' });
  for (const tick of ticks) {
    grid.append(
      svg('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: round(y(tick)), y2: round(y(tick)) }),
      svg('text', { x: MARGIN.left - 6, y: round(y(tick)) + 4, 'text-anchor': 'end' }, `${formatNumber(tick)}${options.unit ? ` ${options.unit}` : ''}`),
    );
  }
  // Time labels along the bottom: the start, three in between and the end.
  for (let index = 0; index <= 4; index++) {
    const at = options.from + (span * index) / 4;
    grid.append(svg('text', { x: round(x(at)), y: HEIGHT - 8, 'text-anchor': index === 0 ? 'start' : index === 4 ? 'end' : 'middle' }, options.timeLabel(at)));
  }
  grid.append(svg('line', { class: 'chart-axis', x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: MARGIN.top + plotHeight, y2: MARGIN.top + plotHeight }));
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
