import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { planCsv } from '#shared/adapters/export/csv.ts';
import { exportFileName, type PlanNames, type ViewName } from '#shared/adapters/export/plan-views.ts';
import type { Lang } from '#shared/adapters/export/views.ts';
import { planXlsx, XLSX_CONTENT_TYPE } from '#shared/adapters/export/xlsx.ts';
import type { ReinvestmentPlan } from '#shared/schemas/reinvestment-plan.ts';

/** A plan as a downloadable file, with names for ids: CSV as text, XLSX base64-encoded as API Gateway expects binaries. */
export function planFileReply(plan: ReinvestmentPlan, names: PlanNames, format: 'csv' | 'xlsx', lang: Lang, view: ViewName): APIGatewayProxyStructuredResultV2 {
  if (format === 'csv') return download('text/csv; charset=utf-8', exportFileName(plan, lang, 'csv', view), planCsv(plan, { lang, view, names }));
  return download(XLSX_CONTENT_TYPE, exportFileName(plan, lang, 'xlsx'), planXlsx(plan, { lang, names }));
}

/** A file to download: text as is, a workbook base64-encoded. */
export function download(contentType: string, fileName: string, body: string | Buffer): APIGatewayProxyStructuredResultV2 {
  const headers = { 'content-type': contentType, 'content-disposition': `attachment; filename="${fileName}"`, 'cache-control': 'no-store' };
  return typeof body === 'string' ? { statusCode: 200, headers, body } : { statusCode: 200, headers, body: body.toString('base64'), isBase64Encoded: true };
}
