import { QueryProtocolClient, type ServiceClientConfig } from './signed-request.ts';

/** Stands in for `@aws-sdk/client-cloudwatch` in the Lambda bundles (see client-dynamodb.ts): PutMetricData over the query protocol. */
export interface MetricDatum {
  MetricName: string;
  Dimensions?: Array<{ Name: string; Value: string }>;
  Value?: number;
  Unit?: string;
  Timestamp?: Date;
  StorageResolution?: number;
}

export class PutMetricDataCommand {
  readonly operation = 'PutMetricData';
  constructor(readonly input: { Namespace: string; MetricData: MetricDatum[] }) {}
}

export class CloudWatchClient extends QueryProtocolClient {
  constructor(config: ServiceClientConfig = {}) {
    super(config, { service: 'monitoring', version: '2010-08-01' });
  }

  async send(command: PutMetricDataCommand): Promise<Record<string, never>> {
    await this.query(command.operation, command.input as unknown as Record<string, unknown>);
    return {};
  }
}
