import { DynamoDbAuditStore } from '#shared/adapters/dynamodb/audit-store.ts';
import { AuditLog } from '#shared/domain/audit/audit-log.ts';
import { config, documentClient, inventoryStore } from './services.ts';

/** The audit trail's reader, built once per Lambda container. Entries are written by the stores themselves. */
export const auditStore = new DynamoDbAuditStore(documentClient, config.TABLE_NAME);
export const auditLog = new AuditLog(auditStore, inventoryStore);
