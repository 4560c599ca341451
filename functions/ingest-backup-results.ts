import { route } from '#shared/api/routes.ts';
import { UnauthorizedError } from '#shared/domain/errors.ts';
import { appendAuditEntry } from '#shared/adapters/dynamodb/audit-store.ts';
import { presentedIngestKey } from '#shared/domain/health/health-service.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { healthService } from './commons/health-services.ts';
import { config, documentClient } from './commons/services.ts';

const contract = route('POST /api/ingest/{regionId}/{environmentId}/backup-results');

/**
 * Public at the JWT level: the per-environment ingest key in the headers is the credential, checked
 * before the body is read, so a caller without the key gets 401 whatever it sends. A push is many
 * small writes, so the audit trail holds one summary entry per push that stored anything, appended
 * after its results are stored.
 */
export const handler = httpHandler(
  contract,
  async ({ params, body, headers }) => {
    const reply = await healthService.ingestBackupResults(params.regionId, params.environmentId, presentedIngestKey(headers), body);
    if (reply.accepted > 0) {
      await appendAuditEntry(documentClient, config.TABLE_NAME, {
        recordType: 'backup-push',
        recordId: params.environmentId,
        after: { accepted: reply.accepted, rejected: reply.rejected.length, deviceIds: [...new Set(body.results.map((result) => result.deviceId))].sort() },
      });
    }
    return { body: reply };
  },
  {
    authenticate: async ({ pathParameters, headers }) => {
      const path = contract.params.safeParse(pathParameters);
      // No environment has that id, so no key can be valid for it.
      if (!path.success) throw new UnauthorizedError('the ingest key is not valid for this environment');
      await healthService.assertIngestKey(path.data.regionId, path.data.environmentId, presentedIngestKey(headers));
    },
  },
);
