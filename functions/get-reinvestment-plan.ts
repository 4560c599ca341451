import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { planFileReply, planning } from './commons/planning-services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/reinvestment-plan'), async ({ params, query }) => {
  const { from, to, format, lang, view, ...filter } = query;
  const plan = await planning.plan(params.regionId, { from, to }, filter);
  return format === 'json' ? { body: plan } : planFileReply(plan, format, lang, view);
});
