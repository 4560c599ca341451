import { el } from './dom.ts';
import { tOr } from './i18n.ts';

/**
 * Status is shown with colour, a symbol and a word, never colour alone (WCAG 1.4.1), so it reads
 * the same for colour-blind people, on a greyscale printout and to a screen reader.
 */
const SYMBOLS: Record<string, string> = { ok: '✓', warning: '!', critical: '✕', unknown: '?' };

/**
 * Symbols Debian's default fonts (DejaVu, Liberation) lack are drawn as inline SVG instead: `⏸`
 * (U+23F8) showed as an empty box in Chromium. Paths on a 16×16 grid, filled or stroked in the
 * text colour.
 */
const DRAWN: Record<string, { fill?: string; stroke?: string }> = {
  maintenance: { fill: 'M4 3h3v10H4zM9 3h3v10H9z' }, // two pause bars
  notMonitored: { stroke: 'M8 2.5a5.5 5.5 0 1 1 0 11a5.5 5.5 0 1 1 0-11zM3 13L13 3' }, // a struck-through circle
};

const SVG = 'http://www.w3.org/2000/svg';

/** The symbol beside a status word: a glyph every default font has, or a drawn one. */
export function statusSymbol(status: string): Element {
  const drawn = DRAWN[status];
  if (!drawn) return el('span', { class: 'status-symbol', 'aria-hidden': 'true' }, SYMBOLS[status] ?? '?');
  const svg = document.createElementNS(SVG, 'svg');
  for (const [name, value] of Object.entries({ class: 'status-symbol drawn', viewBox: '0 0 16 16', width: '16', height: '16', 'aria-hidden': 'true', focusable: 'false' })) svg.setAttribute(name, value);
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', drawn.fill ?? drawn.stroke ?? '');
  path.setAttribute('fill', drawn.fill ? 'currentColor' : 'none');
  if (drawn.stroke) path.setAttribute('stroke', 'currentColor');
  if (drawn.stroke) path.setAttribute('stroke-width', '1.8');
  svg.append(path);
  return svg;
}

/** A status as symbol and word; `label` replaces the status's own word (e.g. "Pågår" for maintenance). */
export function statusBadge(status: string, label = statusLabel(status)): HTMLElement {
  return el('span', { class: `status status-${status}` }, statusSymbol(status), label);
}

export function statusLabel(status: string): string {
  return tOr(`status_${status}`, status);
}

export function kindLabel(kind: string): string {
  return tOr(`kind_${kind}`, kind);
}

/** The four health statuses, worst first: the order counts are listed in. */
export const STATUSES_WORST_FIRST = ['critical', 'warning', 'unknown', 'ok'] as const;

/** A role's name in the UI language. */
export function roleLabel(role: string): string {
  return tOr(`role_${role}`, role);
}
