import { el } from './dom.ts';
import { tOr } from './i18n.ts';

/**
 * Status is shown with colour, a symbol and a word, never colour alone (WCAG 1.4.1), so it reads
 * the same for colour-blind people, on a greyscale printout and to a screen reader.
 */
const SYMBOLS: Record<string, string> = { ok: '✓', warning: '!', critical: '✕', unknown: '?', maintenance: '⏸' };

export function statusBadge(status: string): HTMLElement {
  return el(
    'span',
    { class: `status status-${status}` },
    el('span', { class: 'status-symbol', 'aria-hidden': 'true' }, SYMBOLS[status] ?? '?'),
    statusLabel(status),
  );
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
