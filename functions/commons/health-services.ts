import { DynamoDbHealthStore } from '#shared/adapters/dynamodb/health-store.ts';
import { DynamoDbIncidentStore } from '#shared/adapters/dynamodb/incident-store.ts';
import { HealthService } from '#shared/domain/health/health-service.ts';
import { config, documentClient, inventory } from './services.ts';

/**
 * Module-scope services of the health API, built once per Lambda container (and once per local
 * process). The sweep's own services (probes, CloudWatch, SQS) are in `sweep-services.ts`, so the
 * API functions do not load them.
 */
export const healthStore = new DynamoDbHealthStore(documentClient, config.TABLE_NAME);
export const incidentStore = new DynamoDbIncidentStore(documentClient, config.TABLE_NAME);
export const healthService = new HealthService({ inventory, health: healthStore, incidents: incidentStore, maintenance: healthStore });
