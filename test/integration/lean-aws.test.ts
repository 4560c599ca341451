import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConditionalCheckFailedException as SdkConditionalCheckFailed, TransactionCanceledException as SdkTransactionCanceled } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { SignatureV4 } from '@smithy/signature-v4';
import { beforeAll, describe, expect, it } from 'vitest';
import * as leanDynamoDb from '#shared/adapters/aws/lean/client-dynamodb.ts';
import * as leanDocument from '#shared/adapters/aws/lean/lib-dynamodb.ts';
import { CloudWatchClient, PutMetricDataCommand } from '#shared/adapters/aws/lean/client-cloudwatch.ts';
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '#shared/adapters/aws/lean/client-secrets-manager.ts';
import { SendMessageBatchCommand, SQSClient } from '#shared/adapters/aws/lean/client-sqs.ts';
import { queryBody, signRequest } from '#shared/adapters/aws/lean/signed-request.ts';
import { documentClientFrom } from '#shared/adapters/dynamodb/client.ts';
import { DynamoDbHealthStore } from '#shared/adapters/dynamodb/health-store.ts';
import { StoreUnavailableError } from '#shared/domain/errors.ts';
import { freshTable } from '../support/dynamodb.ts';
import { deviceHealth } from '../support/health-fixtures.ts';

/**
 * The Lambda bundles carry small stand-ins for the AWS SDK clients (shared/adapters/aws/lean/,
 * aliased by DriftsbildeFunction); everything else runs the SDK. Here both run the same commands
 * against DynamoDB Local and must answer alike, and the stand-ins' signatures and requests are held
 * to the SDK's signer and to what the services document.
 */
const lean = { DynamoDBClient: leanDynamoDb.DynamoDBClient, DynamoDBDocumentClient: leanDocument.DynamoDBDocumentClient } as never;

describe('the lean DynamoDB document client answers as the SDK does (DynamoDB Local)', () => {
  let sdk: { doc: DynamoDBDocumentClient; tableName: string };
  let mine: { doc: DynamoDBDocumentClient; tableName: string };
  beforeAll(async () => {
    const a = await freshTable('sdk');
    const b = await freshTable('lean');
    sdk = { doc: a.doc, tableName: a.tableName };
    mine = { doc: documentClientFrom(lean, { DYNAMODB_ENDPOINT: b.endpoint, AWS_REGION: 'eu-north-1' }), tableName: b.tableName };
  });

  const item = (n: number) => ({
    pk: 'P#1',
    sk: `S#${String(n).padStart(3, '0')}`,
    text: 'Lillesand – «æøå»',
    count: n,
    ratio: n / 8,
    big: 2 ** 52 + n,
    flag: n % 2 === 0,
    nothing: null,
    gone: undefined,
    list: [1, 'two', { three: [true, null] }, undefined],
    map: { nested: { deep: 'x', n: -0.5 }, empty: {} },
    tags: new Set(['a', 'b']),
    scores: new Set([1, 2.5]),
    bytes: new Uint8Array([0, 1, 254, 255]),
  });

  /** Runs the same scripted commands through a client and returns what each answered (errors by name, class and fields). */
  async function script({ doc, tableName }: { doc: DynamoDBDocumentClient; tableName: string }) {
    const answers: unknown[] = [];
    const strip = (output: Record<string, unknown>) => {
      const { $metadata: _metadata, ...rest } = output;
      return rest;
    };
    const attempt = async (work: () => Promise<Record<string, unknown>>) => {
      try {
        answers.push(strip(await work()));
      } catch (error) {
        const { name, message, CancellationReasons, Item } = error as { name: string; message: string; CancellationReasons?: unknown; Item?: unknown };
        answers.push({
          name,
          message,
          CancellationReasons,
          Item,
          conditional: error instanceof (doc === sdk.doc ? SdkConditionalCheckFailed : leanDynamoDb.ConditionalCheckFailedException),
          cancelled: error instanceof (doc === sdk.doc ? SdkTransactionCanceled : leanDynamoDb.TransactionCanceledException),
        });
      }
    };
    await attempt(() => doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: Array.from({ length: 12 }, (_, n) => ({ PutRequest: { Item: item(n) } })) }, ReturnConsumedCapacity: 'TOTAL' })));
    await attempt(() => doc.send(new GetCommand({ TableName: tableName, Key: { pk: 'P#1', sk: 'S#003' }, ConsistentRead: true })));
    await attempt(() => doc.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)', ExpressionAttributeValues: { ':pk': 'P#1', ':s': 'S#' }, Limit: 5, ScanIndexForward: false })));
    const first = (answers.at(-1) as { LastEvaluatedKey?: Record<string, unknown> }).LastEvaluatedKey;
    await attempt(() => doc.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'P#1' }, Limit: 5, ScanIndexForward: false, ExclusiveStartKey: first })));
    await attempt(() =>
      doc.send(new UpdateCommand({ TableName: tableName, Key: { pk: 'P#1', sk: 'S#001' }, UpdateExpression: 'SET #c = #c + :one, tags = :t', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':one': 1, ':t': new Set(['z']) }, ReturnValues: 'ALL_NEW' })),
    );
    await attempt(() => doc.send(new PutCommand({ TableName: tableName, Item: { pk: 'P#1', sk: 'S#001', v: 2 }, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })));
    await attempt(() =>
      doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: { pk: 'P#2', sk: 'S#000', v: 1 } } },
            { ConditionCheck: { TableName: tableName, Key: { pk: 'P#1', sk: 'S#002' }, ConditionExpression: '#c = :wrong', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':wrong': 99 }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
          ],
        }),
      ),
    );
    await attempt(() => doc.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: tableName, Item: { pk: 'P#2', sk: 'S#000', v: 1 } } }, { Delete: { TableName: tableName, Key: { pk: 'P#1', sk: 'S#011' } } }] })));
    await attempt(() => doc.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: [{ pk: 'P#2', sk: 'S#000' }, { pk: 'P#1', sk: 'S#011' }, { pk: 'P#1', sk: 'S#010' }] } } })));
    await attempt(() => doc.send(new DeleteCommand({ TableName: tableName, Key: { pk: 'P#1', sk: 'S#010' }, ReturnValues: 'ALL_OLD' })));
    await attempt(() => doc.send(new GetCommand({ TableName: tableName, Key: { pk: 'P#1' } })));
    return answers.map((answer) => JSON.parse(JSON.stringify(answer, (key, value: unknown) => (value instanceof Set ? { set: [...(value as Set<unknown>)].sort() } : value instanceof Uint8Array ? { bytes: [...value] } : key === 'TableName' || key === 'message' ? undefined : value)).replaceAll(tableName, 'TABLE')));
  }

  it('gives the same items, keys, pages, conditional-check and cancellation errors for the same commands', async () => {
    const expected = await script(sdk);
    const actual = await script(mine);
    expect(actual).toEqual(expected);
    // The script reached what it is for: a conditional failure with the old item, a cancelled transaction, a validation error.
    expect(expected.map((answer) => (answer as { name?: string }).name).filter(Boolean)).toEqual(['ConditionalCheckFailedException', 'TransactionCanceledException', 'ValidationException']);
    expect((expected[5] as { conditional: boolean; Item: unknown }).conditional).toBe(true);
    expect((expected[6] as { cancelled: boolean }).cancelled).toBe(true);
    expect((expected[1] as { Item: { big: number; bytes: unknown } }).Item).toMatchObject({ big: 2 ** 52 + 3, bytes: { bytes: [0, 1, 254, 255] } });
  });

  it('runs the health store: a board written and read back through the lean client', async () => {
    const store = new DynamoDbHealthStore(mine.doc, mine.tableName);
    await store.saveHealth('r', 'e', [deviceHealth('a', '2025-03-14T10:01:00.000Z'), deviceHealth('b', '2025-03-14T10:01:00.000Z', { status: 'warning' })]);
    const board = await store.readBoard('r', 'e');
    expect(board.map((entry) => [entry.deviceId, entry.health?.status])).toEqual([
      ['a', 'ok'],
      ['b', 'warning'],
    ]);
  });

  it('maps a store that refuses connections to store-unavailable, as with the SDK', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const doc = documentClientFrom(lean, { DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}`, AWS_REGION: 'eu-north-1' });
    await expect(doc.send(new GetCommand({ TableName: 't', Key: { pk: 'x', sk: 'y' } }))).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});

const bytes = (data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array =>
  typeof data === 'string' ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/** The hash the SDK's signer takes: SHA-256, or HMAC-SHA-256 when given a secret (as @smithy/hash-node does). */
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}

describe('signed requests', () => {
  it('signs exactly as the SDK’s SigV4 signer does (with and without a session token)', async () => {
    const now = new Date('2026-11-27T17:45:12.345Z');
    for (const credentials of [{ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }, { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token/with+chars=' }]) {
      const body = JSON.stringify({ TableName: 't', Key: { pk: { S: 'ø' } } });
      const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.GetItem' };
      const mine = signRequest({ method: 'POST', host: 'dynamodb.eu-north-1.amazonaws.com', path: '/', headers, body }, credentials, 'eu-north-1', 'dynamodb', now);
      const signer = new SignatureV4({ credentials, region: 'eu-north-1', service: 'dynamodb', sha256: Sha256, applyChecksum: false });
      const theirs = await signer.sign(
        { method: 'POST', protocol: 'https:', hostname: 'dynamodb.eu-north-1.amazonaws.com', path: '/', headers: { host: 'dynamodb.eu-north-1.amazonaws.com', ...headers }, body, query: {} },
        { signingDate: now },
      );
      expect(mine.authorization).toBe(theirs.headers.authorization);
      expect(mine['x-amz-security-token']).toBe(theirs.headers['x-amz-security-token']);
    }
  });

  it('sends SQS, Secrets Manager and CloudWatch requests as the services document them, and reads their answers and errors', async () => {
    const seen: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        seen.push({ headers: request.headers, body });
        const target = request.headers['x-amz-target'];
        if (target === 'AmazonSQS.SendMessageBatch') response.end(JSON.stringify({ Successful: [{ Id: '0' }], Failed: [{ Id: '1', Code: 'X', Message: 'refused', SenderFault: true }] }));
        else if (target === 'secretsmanager.GetSecretValue' && body.includes('missing')) {
          response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
          response.end(JSON.stringify({ __type: 'ResourceNotFoundException', Message: "Secrets Manager can't find the specified secret." }));
        } else if (target === 'secretsmanager.GetSecretValue') response.end(JSON.stringify({ SecretString: 'community', Name: 'driftsbilde/kr-ikt/x' }));
        else {
          response.writeHead(200, { 'content-type': 'text/xml' });
          response.end('<PutMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PutMetricDataResponse>');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config = { endpoint, region: 'eu-north-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
    try {
      const sqs = await new SQSClient(config).send(new SendMessageBatchCommand({ QueueUrl: 'https://sqs.eu-north-1.amazonaws.com/1/q', Entries: [{ Id: '0', MessageBody: '{}' }, { Id: '1', MessageBody: '{}' }] }));
      expect(sqs.Failed?.map((failure) => failure.Id)).toEqual(['1']);
      expect(seen[0]?.headers['content-type']).toBe('application/x-amz-json-1.0');

      const secrets = new SecretsManagerClient(config);
      expect((await secrets.send(new GetSecretValueCommand({ SecretId: 'driftsbilde/kr-ikt/x' }))).SecretString).toBe('community');
      await expect(secrets.send(new GetSecretValueCommand({ SecretId: 'missing' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
      expect(seen[1]?.headers['content-type']).toBe('application/x-amz-json-1.1');

      await new CloudWatchClient(config).send(
        new PutMetricDataCommand({ Namespace: 'Driftsbilde', MetricData: [{ MetricName: 'DeviceCount', Dimensions: [{ Name: 'Region', Value: 'kr-ikt' }, { Name: 'Status', Value: 'ok' }], Value: 3, Unit: 'Count', Timestamp: new Date('2026-11-27T17:00:00Z') }] }),
      );
      const form = new URLSearchParams(seen.at(-1)!.body);
      expect(Object.fromEntries(form)).toEqual({
        Action: 'PutMetricData',
        Version: '2010-08-01',
        Namespace: 'Driftsbilde',
        'MetricData.member.1.MetricName': 'DeviceCount',
        'MetricData.member.1.Dimensions.member.1.Name': 'Region',
        'MetricData.member.1.Dimensions.member.1.Value': 'kr-ikt',
        'MetricData.member.1.Dimensions.member.2.Name': 'Status',
        'MetricData.member.1.Dimensions.member.2.Value': 'ok',
        'MetricData.member.1.Value': '3',
        'MetricData.member.1.Unit': 'Count',
        'MetricData.member.1.Timestamp': '2026-11-27T17:00:00.000Z',
      });
      for (const request of seen) expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=a\/\d{8}\/eu-north-1\/(sqs|secretsmanager|monitoring)\/aws4_request, SignedHeaders=content-type;host;x-amz-date(;x-amz-target)?, Signature=[0-9a-f]{64}$/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('encodes query bodies as RFC 3986 asks (spaces, slashes, asterisks)', () => {
    expect(queryBody('A', 'v', { Name: "a b/c*d'(e)" })).toBe('Action=A&Version=v&Name=a%20b%2Fc%2Ad%27%28e%29');
  });
});
