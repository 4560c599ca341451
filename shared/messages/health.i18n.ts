import { healthEn } from './health.en.ts';
import { healthRenderers } from './health.ts';
import { healthNb } from './health.nb.ts';

/**
 * The health texts in both languages, for the dashboard; the monitor and the API write English
 * through `health.ts`, so the bokmål stays out of the Lambda bundles.
 */
export const HEALTH_CATALOGUES = { nb: healthNb, en: healthEn } as const;

export const { renderHealth, checkMessageText, detailsText, timelineEntryText, incidentTitleText } = healthRenderers(HEALTH_CATALOGUES);
