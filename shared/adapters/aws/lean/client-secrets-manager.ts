import { JsonProtocolClient, ServiceException, type ServiceClientConfig } from './signed-request.ts';

/** Stands in for `@aws-sdk/client-secrets-manager` in the Lambda bundles (see client-dynamodb.ts): GetSecretValue and ListSecrets over AWS JSON 1.1. */
export class ResourceNotFoundException extends ServiceException {}

export class GetSecretValueCommand {
  readonly operation = 'GetSecretValue';
  constructor(readonly input: { SecretId: string; VersionStage?: string }) {}
}

export class ListSecretsCommand {
  readonly operation = 'ListSecrets';
  constructor(readonly input: { Filters?: Array<{ Key: string; Values: string[] }>; MaxResults?: number; NextToken?: string }) {}
}

export class SecretsManagerClient extends JsonProtocolClient {
  constructor(config: ServiceClientConfig = {}) {
    super(config, { service: 'secretsmanager', targetPrefix: 'secretsmanager', version: '1.1', errorClasses: { ResourceNotFoundException } });
  }

  send(command: GetSecretValueCommand): Promise<{ SecretString?: string; Name?: string; VersionId?: string }>;
  send(command: ListSecretsCommand): Promise<{ SecretList?: Array<{ Name?: string }>; NextToken?: string }>;
  send(command: GetSecretValueCommand | ListSecretsCommand): Promise<unknown> {
    return this.json(command.operation, command.input);
  }
}
