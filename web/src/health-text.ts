/**
 * The monitor's coded texts (check messages, incident titles, timeline entries) in the UI's
 * language, from the same catalogues the API renders its English `message` with. Rows stored
 * before the codes show their English text as it is.
 */
import type { CodedMessage, CodedTimelineText, CodedTitle } from '../../shared/messages/health.ts';
import { checkMessageText, incidentTitleText, timelineEntryText } from '../../shared/messages/health.i18n.ts';
import { currentLanguage } from './i18n.ts';

export function checkMessageInUi(check: CodedMessage): string | undefined {
  return checkMessageText(currentLanguage(), check);
}

export function incidentTitleInUi(incident: CodedTitle): string {
  return incidentTitleText(currentLanguage(), incident);
}

export function timelineEntryInUi(entry: CodedTimelineText): string {
  return timelineEntryText(currentLanguage(), entry);
}
