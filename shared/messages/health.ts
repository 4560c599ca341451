/**
 * Coded health texts: check messages, incident titles and timeline entries. Probes and the monitor
 * build them here (code, raw parameters and the English `message` rendered from the en catalogue,
 * so no English is written twice); the dashboard renders the same codes in nb or en through
 * `health.i18n.ts`. This module carries English only: it is what the Lambdas import.
 *
 * Two additions to `renderMessage`:
 *  - a parameter `<x>Code` holding a code is rendered (with the same parameters) into `{x}`, so a
 *    text can contain a translated word or clause ("{name} er {stateText}" with `stateTextCode`);
 *  - a timeline entry's `details` (one per check, each with its own check message) are rendered and
 *    joined into `{details}`: "snmp.if-wan: wan er nede; ping: ikke svar innen 5 000 ms".
 */
import { healthEn } from './health.en.ts';
import type { healthNb } from './health.nb.ts';
import { renderMessage, type Catalogue, type CodedText, type Lang } from './render.ts';

type CatalogueKey = keyof typeof healthNb;
/** A code as callers name it: plural variants (`_one`/`_other`) without their suffix. */
export type HealthCode = CatalogueKey extends infer K ? (K extends `${infer Base}_one` ? Base : K extends `${infer Base}_other` ? Base : K) : never;

/** Parameters as stored: raw values only, nothing undefined (DynamoDB and JSON keep them as they are). */
export type HealthParams = Readonly<Record<string, string | number | boolean | null>>;
export type ParamsInput = Readonly<Record<string, string | number | boolean | null | undefined>>;

export function cleanParams(params: ParamsInput): HealthParams {
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined)) as HealthParams;
}

export interface CodedMessage {
  message?: string;
  messageCode?: string;
  messageParams?: HealthParams;
}

/** One check named in a timeline entry, with its message at the time. */
export interface TimelineDetail extends CodedMessage {
  check: string;
}

export interface CodedTimelineText {
  text: string;
  textCode?: string;
  textParams?: HealthParams;
  details?: TimelineDetail[];
}

export interface CodedTitle {
  title: string;
  titleCode?: string;
  titleParams?: HealthParams;
}

/**
 * The health texts' renderers for the languages of `catalogues`: English alone here (what the
 * server writes), both in `health.i18n.ts` (what the dashboard shows). One renderer either way.
 */
export function healthRenderers<L extends Lang>(catalogues: Readonly<Record<L, Catalogue>>) {
  /** `code` in `lang`, with `<x>Code` parameters rendered into `{x}` first. */
  function renderHealth(lang: L, text: CodedText): string {
    const given = text.params ?? {};
    const params: Record<string, string | number | boolean | null | undefined> = { ...given };
    for (const [key, value] of Object.entries(given)) {
      const nested = /^(\w+)Code$/.exec(key);
      if (!nested || typeof value !== 'string') continue;
      const { [key]: _self, ...rest } = given;
      params[nested[1]!] = renderHealth(lang, { code: value, params: rest });
    }
    return renderMessage(catalogues, lang, { code: text.code, params });
  }

  /** A check's message in `lang`; an old stored result without a code keeps its English message. */
  function checkMessageText(lang: L, check: CodedMessage): string | undefined {
    if (check.messageCode) return renderHealth(lang, { code: check.messageCode, ...(check.messageParams ? { params: check.messageParams } : {}) });
    return check.message;
  }

  function detailsText(lang: L, details: readonly TimelineDetail[]): string {
    return details
      .map((detail) => {
        const message = checkMessageText(lang, detail);
        return message ? `${detail.check}: ${message}` : detail.check;
      })
      .join('; ');
  }

  /** A timeline entry in `lang`; entries without a code (what a person wrote, old rows) as written. */
  function timelineEntryText(lang: L, entry: CodedTimelineText): string {
    if (!entry.textCode) return entry.text;
    return renderHealth(lang, { code: entry.textCode, params: { ...entry.textParams, details: detailsText(lang, entry.details ?? []) } });
  }

  function incidentTitleText(lang: L, incident: CodedTitle): string {
    if (!incident.titleCode) return incident.title;
    return renderHealth(lang, { code: incident.titleCode, ...(incident.titleParams ? { params: incident.titleParams } : {}) });
  }

  return { renderHealth, checkMessageText, detailsText, timelineEntryText, incidentTitleText };
}

// Marked pure so a bundle that imports this module for a type or constant only drops the catalogue.
const english = /* @__PURE__ */ healthRenderers({ en: healthEn });

// --- check messages ----------------------------------------------------------------------------

/** The fields a check result carries for `code`: the code, its parameters and the English message. */
export function checkMessage(code: HealthCode, params: ParamsInput = {}): { message: string; messageCode: HealthCode; messageParams?: HealthParams } {
  const clean = cleanParams(params);
  const hasParams = Object.keys(clean).length > 0;
  return { message: english.renderHealth('en', { code, params: clean }), messageCode: code, ...(hasParams ? { messageParams: clean } : {}) };
}


// --- incidents ---------------------------------------------------------------------------------

/** The fields of a timeline entry the monitor writes: code, parameters, the checks it names, and the English text. */
export function timelineText(code: HealthCode, params: ParamsInput = {}, details?: readonly TimelineDetail[]): CodedTimelineText {
  const clean = cleanParams(params);
  const entry = { textCode: code, ...(Object.keys(clean).length > 0 ? { textParams: clean } : {}), ...(details && details.length > 0 ? { details: [...details] } : {}) };
  return { text: english.timelineEntryText('en', { text: '', ...entry }), ...entry };
}

/** An automatic incident's title: "Brannmur 1: ping kritisk" / "Brannmur 1: ping critical". */
export function incidentTitle(device: string, checks: readonly string[]): Required<CodedTitle> {
  const titleParams = { device, checks: checks.join(', ') };
  return { title: english.renderHealth('en', { code: 'incident.title', params: titleParams }), titleCode: 'incident.title', titleParams };
}
