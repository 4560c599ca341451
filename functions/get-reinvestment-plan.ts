import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { planFileReply } from './commons/export-replies.ts';
import { planning } from './commons/planning-services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/reinvestment-plan'), async ({ params, query }) => {
  const { from, to, format, lang, view, ...filter } = query;
  // The names come from the same reads the plan makes: the exports show names, the JSON keeps ids.
  const { plan, names } = await planning.planWithNames(params.regionId, { from, to }, filter);
  return format === 'json' ? { body: plan } : planFileReply(plan, names, format, lang, view);
});
