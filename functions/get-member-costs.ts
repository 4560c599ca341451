import { viewCsv } from '#shared/adapters/export/csv.ts';
import { billFileName, billView, billViews } from '#shared/adapters/export/member-bill-views.ts';
import { viewsXlsx, XLSX_CONTENT_TYPE } from '#shared/adapters/export/xlsx.ts';
import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { memberCosts } from './commons/member-bill-services.ts';
import { download } from './commons/export-replies.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/members/{memberId}/costs'), async ({ params, query }) => {
  const { from, to, format, lang, view } = query;
  const bill = await memberCosts.bill(params.regionId, params.memberId, { from, to });
  if (format === 'json') return { body: bill };
  if (format === 'csv') return download('text/csv; charset=utf-8', billFileName(bill, lang, 'csv', view), viewCsv(billView(bill, view, lang), lang));
  return download(XLSX_CONTENT_TYPE, billFileName(bill, lang, 'xlsx'), viewsXlsx(billViews(bill, lang), { lang, created: bill.asOf }));
});
