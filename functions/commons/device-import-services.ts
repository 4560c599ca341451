import { DynamoDbDeviceBatchWriter } from '#shared/adapters/dynamodb/device-batch-writer.ts';
import { DeviceImport } from '#shared/domain/device-import/import-devices.ts';
import { config, documentClient, inventoryStore } from './services.ts';

/**
 * The device import, apart from the planning services: its CSV parser (csv-parse) and batch writer
 * would otherwise ride along in every function that plans, the plan export among them.
 */
export const deviceImport = new DeviceImport(inventoryStore, new DynamoDbDeviceBatchWriter(documentClient, config.TABLE_NAME));
