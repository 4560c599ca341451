import { formatDate, formatNok, formatNumber, formatPercent } from './format.ts';
import { t, tOr, type MessageKey } from './i18n.ts';
import type { Reference } from './reference.ts';
import { kindLabel } from './status.ts';
import type { AuditSource } from './types.ts';

/**
 * A plan figure's source in words: "Folketall for Kristiansand kommune: 111 458 fra 01.01.2020,
 * registrert av demo-import 27.11.2026". The API sends a stable code with raw parameters; the
 * numbers, dates and names are formatted here, in the language the user chose.
 */
export function sourceText(source: AuditSource, reference: Reference): string {
  const params = { ...source.params };
  const code = source.code.replace('audit.source.', '');
  if (typeof params.value === 'number') {
    params.value = code.endsWith('cost') ? formatNok(params.value) : code === 'price-index' ? formatPercent(params.value) : formatNumber(params.value);
  }
  for (const name of ['value', 'from', 'on'] as const) {
    const value = params[name];
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) params[name] = formatDate(value);
  }
  if (code === 'payer') params.payer = params.payer === 'shared' ? t('auditSourceShared') : reference.memberName(String(params.payer));
  if (code === 'environment-key') params.key = tOr(`costKey_${params.key}`, String(params.key));
  if (code === 'region-lifetimes') params.kind = kindLabel(String(params.kind));
  const figure = t(`auditSource_${code}` as MessageKey, params);
  const entry = source.entry;
  if (!entry) return t('auditSourceUnknown', { figure });
  const who = entry.actor.memberId ? `${entry.actor.subject} (${reference.memberName(entry.actor.memberId)})` : entry.actor.subject;
  const date = formatDate(entry.at);
  return entry.reason ? t('auditSourceEnteredWithReason', { figure, who, date, reason: entry.reason }) : t('auditSourceEntered', { figure, who, date });
}
