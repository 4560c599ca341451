import * as z from '#shared/schemas/zod.ts';
import { EVERYONE, OPERATORS } from '#shared/domain/identity.ts';
import { Slug } from '#shared/schemas/common.ts';
import {
  BackupIngestBody,
  BackupIngestReply,
  DeviceHistory,
  EnvironmentHealth,
  HistoryQuery,
  Incident,
  IncidentAcknowledge,
  IncidentComment,
  IncidentCreate,
  IncidentListQuery,
  IncidentResolve,
  IngestKeyReply,
  MaintenanceWindowInput,
  MaintenanceWindowView,
  RegionHealth,
} from '#shared/schemas/health.ts';
import { RegionBoard } from '#shared/schemas/board.ts';
import { pageOf, RegionPath } from './common.ts';
import type { RouteContract } from './contract.ts';

const EnvironmentPath = z.extend(RegionPath, { environmentId: Slug });
const DevicePath = z.extend(RegionPath, { deviceId: Slug });
const IncidentPath = z.extend(EnvironmentPath, { incidentId: Slug });
const WindowPath = z.extend(EnvironmentPath, { windowId: Slug });

const ENV = '/api/regions/{regionId}/environments/{environmentId}';

/** Health, incidents, maintenance windows and backup ingest (issue 3). */
export const HEALTH_ROUTES = [
  { method: 'GET', path: '/api/regions/{regionId}/health', functionName: 'get-region-health', summary: 'Health roll-up per environment: devices per status and kind, worst backup age, open incidents', allow: EVERYONE, params: RegionPath, response: RegionHealth },
  { method: 'GET', path: '/api/regions/{regionId}/board', functionName: 'get-region-board', summary: 'The whole health board in one answer: the region, each environment’s roll-up and its devices’ states (what the dashboard’s board draws)', allow: EVERYONE, params: RegionPath, response: RegionBoard },
  { method: 'GET', path: `${ENV}/health`, functionName: 'get-environment-health', summary: 'The health board of an environment: every device with its checks', allow: EVERYONE, params: EnvironmentPath, response: EnvironmentHealth },
  { method: 'GET', path: '/api/regions/{regionId}/devices/{deviceId}/history', functionName: 'get-device-history', summary: 'History of a device’s checks: raw samples for short recent ranges, hourly min/avg/max otherwise', allow: EVERYONE, params: DevicePath, query: HistoryQuery, response: DeviceHistory },

  { method: 'GET', path: `${ENV}/incidents`, functionName: 'list-incidents', summary: 'Incidents (avvik) of an environment, newest first', allow: EVERYONE, params: EnvironmentPath, query: IncidentListQuery, response: pageOf(Incident) },
  { method: 'POST', path: `${ENV}/incidents`, functionName: 'create-incident', statuses: [409], summary: 'Open an incident by hand', allow: OPERATORS, params: EnvironmentPath, body: IncidentCreate, successStatus: 201, response: Incident },
  { method: 'GET', path: `${ENV}/incidents/{incidentId}`, functionName: 'get-incident', summary: 'Get an incident with its timeline', allow: EVERYONE, params: IncidentPath, response: Incident },
  { method: 'POST', path: `${ENV}/incidents/{incidentId}/acknowledge`, functionName: 'acknowledge-incident', statuses: [409, 422], summary: 'Acknowledge an incident: someone is on it', allow: OPERATORS, params: IncidentPath, body: IncidentAcknowledge, response: Incident },
  { method: 'POST', path: `${ENV}/incidents/{incidentId}/resolve`, functionName: 'resolve-incident', statuses: [409, 422], summary: 'Resolve an incident', allow: OPERATORS, params: IncidentPath, body: IncidentResolve, response: Incident },
  { method: 'POST', path: `${ENV}/incidents/{incidentId}/comments`, functionName: 'comment-incident', statuses: [409], summary: 'Add a comment to an incident’s timeline', allow: OPERATORS, params: IncidentPath, body: IncidentComment, successStatus: 201, response: Incident },

  { method: 'GET', path: `${ENV}/maintenance-windows`, functionName: 'list-maintenance-windows', summary: 'Maintenance windows of an environment (weekly times are Europe/Oslo)', allow: EVERYONE, params: EnvironmentPath, response: z.object({ items: z.array(MaintenanceWindowView) }) },
  { method: 'POST', path: `${ENV}/maintenance-windows`, functionName: 'create-maintenance-window', summary: 'Add a one-off or weekly maintenance window for devices or the whole environment', allow: OPERATORS, params: EnvironmentPath, body: MaintenanceWindowInput, successStatus: 201, response: MaintenanceWindowView },
  { method: 'DELETE', path: `${ENV}/maintenance-windows/{windowId}`, functionName: 'delete-maintenance-window', summary: 'Remove a maintenance window', allow: OPERATORS, params: WindowPath, successStatus: 204 },

  { method: 'POST', path: `${ENV}/ingest-key`, functionName: 'create-ingest-key', summary: 'Create the environment’s backup ingest key (shown once; replaces the previous key)', allow: OPERATORS, params: EnvironmentPath, successStatus: 201, response: IngestKeyReply },
  {
    method: 'POST',
    path: '/api/ingest/{regionId}/{environmentId}/backup-results',
    functionName: 'ingest-backup-results',
    statuses: [401],
    summary: 'Push backup job results (Veeam, Commvault, scripts); authenticated by the environment’s ingest key, not a user token',
    // No user token: the handler checks the per-environment ingest key (Bearer or x-ingest-key).
    allow: 'public',
    params: EnvironmentPath,
    body: BackupIngestBody,
    successStatus: 202,
    response: BackupIngestReply,
  },
] as const satisfies readonly RouteContract[];
