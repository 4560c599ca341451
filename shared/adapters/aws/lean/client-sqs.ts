import { JsonProtocolClient, type ServiceClientConfig } from './signed-request.ts';

/** Stands in for `@aws-sdk/client-sqs` in the Lambda bundles (see client-dynamodb.ts): SendMessageBatch over SQS's AWS JSON 1.0 protocol. */
export class SendMessageBatchCommand {
  readonly operation = 'SendMessageBatch';
  constructor(readonly input: { QueueUrl: string; Entries: Array<{ Id: string; MessageBody: string }> }) {}
}

export class SQSClient extends JsonProtocolClient {
  constructor(config: ServiceClientConfig = {}) {
    super(config, { service: 'sqs', targetPrefix: 'AmazonSQS', version: '1.0' });
  }

  send(command: SendMessageBatchCommand): Promise<{ Successful?: Array<{ Id: string }>; Failed?: Array<{ Id: string; Code?: string; Message?: string }> }> {
    return this.json(command.operation, command.input);
  }
}
