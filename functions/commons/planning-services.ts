import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DynamoDbBudgetLineStore } from '#shared/adapters/dynamodb/budget-line-store.ts';
import { DynamoDbDeviceBatchWriter } from '#shared/adapters/dynamodb/device-batch-writer.ts';
import { DynamoDbHealthSummarySource } from '#shared/adapters/dynamodb/health-summary-source.ts';
import { planCsv } from '#shared/adapters/export/csv.ts';
import { exportFileName, type PlanNames, type ViewName } from '#shared/adapters/export/plan-views.ts';
import type { Lang } from '#shared/adapters/export/views.ts';
import { planXlsx, XLSX_CONTENT_TYPE } from '#shared/adapters/export/xlsx.ts';
import { DeviceImport } from '#shared/domain/device-import/import-devices.ts';
import { ReinvestmentPlanning } from '#shared/domain/reinvestment/planning.ts';
import type { ReinvestmentPlan } from '#shared/schemas/reinvestment-plan.ts';
import { auditStore } from './audit-services.ts';
import { config, documentClient, inventoryStore } from './services.ts';

/**
 * Planning services, built once per Lambda container on the shared document client. Health
 * figures (rule 4, the pull-forward) come from the monitor's roll-ups and incidents in the same
 * table, through {@link DynamoDbHealthSummarySource}.
 */
export const budgetLineStore = new DynamoDbBudgetLineStore(documentClient, config.TABLE_NAME);
export const healthSummaries = new DynamoDbHealthSummarySource(documentClient, config.TABLE_NAME);
export const planning = new ReinvestmentPlanning({ inventory: inventoryStore, budgetLines: budgetLineStore, health: healthSummaries, audit: auditStore });
export const deviceImport = new DeviceImport(inventoryStore, new DynamoDbDeviceBatchWriter(documentClient, config.TABLE_NAME));

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
