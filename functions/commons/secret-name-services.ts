import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from '#shared/schemas/zod.ts';
import { DataFolderSecrets } from '#shared/adapters/secrets/data-folder-secrets.ts';
import { SecretsManagerSecrets } from '#shared/adapters/secrets/secrets-manager-secrets.ts';
import type { SecretNameLister } from '#shared/domain/health/probe.ts';
import { config } from './services.ts';

/**
 * Where the secret names come from: Secrets Manager under SECRET_NAME_PREFIX in AWS (ListSecrets,
 * which returns names and never values), the data folder's files locally (SECRETS_DIR), as the
 * collectors read them (sweep-services.ts).
 */
const Settings = z.object({
  SECRET_NAME_PREFIX: z.optional(z.string().check(z.regex(/^driftsbilde\/[a-z0-9-]+\/$/))),
  SECRETS_DIR: z._default(z.string().check(z.minLength(1)), '.data/secrets'),
});
const settings = Settings.parse(process.env);

export const secretNames: SecretNameLister = settings.SECRET_NAME_PREFIX
  ? new SecretsManagerSecrets(new SecretsManagerClient({ region: config.AWS_REGION }), { prefix: settings.SECRET_NAME_PREFIX })
  : new DataFolderSecrets(settings.SECRETS_DIR);
