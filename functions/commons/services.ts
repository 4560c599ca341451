import { createDocumentClient } from '#shared/adapters/dynamodb/client.ts';
import { DynamoDbInventoryStore } from '#shared/adapters/dynamodb/inventory-store.ts';
import { readConfig } from '#shared/config.ts';
import { Inventory } from '#shared/domain/inventory.ts';

/**
 * Built once per Lambda container (module scope), reused by every invocation. Locally the host
 * imports the same modules, so one process shares one client.
 */
export const config = readConfig();
export const documentClient = createDocumentClient(config);
export const inventoryStore = new DynamoDbInventoryStore(documentClient, config.TABLE_NAME);
export const inventory = new Inventory(inventoryStore);
