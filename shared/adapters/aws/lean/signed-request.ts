import { createHash, createHmac } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/**
 * A signed AWS API call over one keep-alive HTTPS connection: the part of the AWS SDK the Lambda
 * bundles need, in a few KB instead of ~220 KB and ~100 ms of module init (issue 10). Only the
 * protocols Driftsbilde calls: AWS JSON 1.0/1.1 (DynamoDB, SQS, Secrets Manager) and the query
 * protocol (CloudWatch PutMetricData). Signature Version 4 as AWS documents it
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html); the unit test
 * holds it to the SDK's own signer.
 */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface ServiceClientConfig {
  region?: string;
  /** Another endpoint (DynamoDB Local); otherwise `https://<service>.<region>.amazonaws.com`. */
  endpoint?: string;
  credentials?: AwsCredentials;
  /** Milliseconds to wait for the connection (the SDK's `requestHandler.connectionTimeout`). */
  requestHandler?: { connectionTimeout?: number };
  maxAttempts?: number;
}

/** The error an AWS service answered with: `name` is the error's type (e.g. ConditionalCheckFailedException). */
export class ServiceException extends Error {
  $fault: 'client' | 'server';
  $metadata: { httpStatusCode: number; requestId?: string; attempts: number };
  constructor(name: string, message: string, fields: Record<string, unknown>, status: number, requestId: string | undefined, attempts: number) {
    super(message);
    this.name = name;
    Object.assign(this, fields);
    this.$fault = status >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode: status, ...(requestId ? { requestId } : {}), attempts };
  }
}

/** Lambda's credentials come in the environment; so do a developer's when run against AWS. */
export function environmentCredentials(): AwsCredentials {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = process.env;
  if (!AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY) throw new Error('no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set');
  return { accessKeyId: AWS_ACCESS_KEY_ID, secretAccessKey: AWS_SECRET_ACCESS_KEY, ...(AWS_SESSION_TOKEN ? { sessionToken: AWS_SESSION_TOKEN } : {}) };
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

export interface RequestToSign {
  method: string;
  host: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** The headers of a SigV4-signed request (lower-case names): the given ones plus host, x-amz-date, the token and Authorization. */
export function signRequest(request: RequestToSign, credentials: AwsCredentials, region: string, service: string, now = new Date()): Record<string, string> {
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = { host: request.host, 'x-amz-date': amzDate };
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value.trim();
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  const canonical = [request.method, request.path, '', ...names.map((name) => `${name}:${headers[name]}`), '', signedHeaders, sha256Hex(request.body)].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region), service), 'aws4_request');
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}

/** Errors worth another attempt, as the SDK's standard retry strategy treats them. */
const THROTTLING = new Set([
  'ThrottlingException', 'Throttling', 'ThrottledException', 'RequestThrottledException', 'TooManyRequestsException',
  'ProvisionedThroughputExceededException', 'TransactionInProgressException', 'RequestLimitExceeded', 'RequestThrottled',
  'SlowDown', 'PriorRequestNotComplete', 'EC2ThrottledException', 'LimitExceededException',
]);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

function retryable(error: unknown): boolean {
  if (error instanceof ServiceException) return THROTTLING.has(error.name) || error.$metadata.httpStatusCode >= 500 || error.$metadata.httpStatusCode === 429;
  const code = (error as { code?: string }).code;
  return (code !== undefined && TRANSIENT_CODES.has(code)) || (error as Error).name === 'TimeoutError';
}

const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 50 });
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 50 });

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(url: URL, headers: Record<string, string>, body: string, connectionTimeout: number | undefined): Promise<Answer> {
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(
      { protocol: url.protocol, hostname: url.hostname, port: url.port || undefined, path: url.pathname, method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: secure ? httpsAgent : httpAgent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    if (connectionTimeout !== undefined) {
      // Only the connect is bounded: a slow answer from a reachable store is the Lambda timeout's business.
      const timer = setTimeout(() => {
        const error = new Error(`connection not established within ${connectionTimeout} ms`);
        error.name = 'TimeoutError';
        request.destroy(error);
      }, connectionTimeout);
      request.on('socket', (socket) => {
        if (!socket.connecting) clearTimeout(timer);
        else socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(timer));
      });
      request.on('close', () => clearTimeout(timer));
    }
    request.end(body);
  });
}

export interface CallOptions {
  /** The signing name and endpoint prefix: dynamodb, sqs, secretsmanager, monitoring. */
  service: string;
  headers: Record<string, string>;
  body: string;
  /** Reads the error type and message from an error answer. */
  parseError: (answer: Answer) => { name: string; message: string; fields: Record<string, unknown> };
  /** The classes of the errors callers test with `instanceof`, by name. */
  errorClasses?: Readonly<Record<string, typeof ServiceException>>;
}

/** Base of the service clients: one signed POST to `/` with the standard retry strategy (3 attempts, full-jitter backoff). */
export class SignedServiceClient {
  readonly config: { region: string; endpoint: URL | undefined; credentials: AwsCredentials | undefined; connectionTimeout: number | undefined; maxAttempts: number };
  constructor(config: ServiceClientConfig = {}) {
    const region = config.region ?? process.env.AWS_REGION;
    if (!region) throw new Error('no AWS region: set AWS_REGION');
    this.config = {
      region,
      endpoint: config.endpoint ? new URL(config.endpoint) : undefined,
      credentials: config.credentials,
      connectionTimeout: config.requestHandler?.connectionTimeout,
      maxAttempts: config.maxAttempts ?? 3,
    };
  }

  protected async call(options: CallOptions): Promise<string> {
    const url = this.config.endpoint ?? new URL(`https://${options.service}.${this.config.region}.amazonaws.com/`);
    const credentials = this.config.credentials ?? environmentCredentials();
    for (let attempt = 1; ; attempt++) {
      try {
        const headers = signRequest({ method: 'POST', host: url.host, path: '/', headers: options.headers, body: options.body }, credentials, this.config.region, options.service);
        const answer = await send(url, headers, options.body, this.config.connectionTimeout);
        if (answer.status >= 200 && answer.status < 300) return answer.body;
        const { name, message, fields } = options.parseError(answer);
        const requestId = answer.headers['x-amzn-requestid'];
        const ErrorClass = options.errorClasses?.[name] ?? ServiceException;
        throw new ErrorClass(name, message, fields, answer.status, typeof requestId === 'string' ? requestId : undefined, attempt);
      } catch (error) {
        if (attempt >= this.config.maxAttempts || !retryable(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(20_000, 100 * 2 ** (attempt - 1))));
      }
    }
  }
}

/**
 * The AWS query protocol's form body (`Action`, `Version`, then every field flattened: lists as
 * `Name.member.1`, structures as `Name.Field`, dates in ISO 8601), as CloudWatch reads it.
 */
export function queryBody(action: string, version: string, input: Record<string, unknown>): string {
  const pairs: Array<[string, string]> = [['Action', action], ['Version', version]];
  const flatten = (prefix: string, value: unknown): void => {
    if (value === undefined || value === null) return;
    if (value instanceof Date) pairs.push([prefix, value.toISOString()]);
    else if (Array.isArray(value)) value.forEach((entry, index) => flatten(`${prefix}.member.${index + 1}`, entry));
    else if (typeof value === 'object') for (const [key, entry] of Object.entries(value)) flatten(`${prefix}.${key}`, entry);
    else pairs.push([prefix, String(value)]);
  };
  for (const [key, value] of Object.entries(input)) flatten(key, value);
  // RFC 3986 encoding, as SigV4 and the SDK's query serialiser use it.
  const encode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return pairs.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&');
}

/** The query protocol: a form POST, errors as XML `<Error><Code>…</Code><Message>…</Message></Error>`. */
export class QueryProtocolClient extends SignedServiceClient {
  constructor(
    config: ServiceClientConfig,
    private readonly protocol: { service: string; version: string },
  ) {
    super(config);
  }

  query(action: string, input: Record<string, unknown>): Promise<string> {
    return this.call({
      service: this.protocol.service,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: queryBody(action, this.protocol.version, input),
      parseError: (answer) => {
        const tag = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(answer.body)?.[1];
        const name = tag('Code') ?? `HTTP${answer.status}`;
        return { name, message: tag('Message') ?? name, fields: {} };
      },
    });
  }
}

/** AWS JSON 1.0/1.1: `X-Amz-Target: <prefix>.<Operation>`, errors as `{ "__type": "…#Name", "message" }`. */
export class JsonProtocolClient extends SignedServiceClient {
  constructor(
    config: ServiceClientConfig,
    private readonly protocol: { service: string; targetPrefix: string; version: '1.0' | '1.1'; errorClasses?: Readonly<Record<string, typeof ServiceException>> },
  ) {
    super(config);
  }

  async json<T = Record<string, unknown>>(operation: string, input: unknown): Promise<T> {
    const body = await this.call({
      service: this.protocol.service,
      headers: { 'content-type': `application/x-amz-json-${this.protocol.version}`, 'x-amz-target': `${this.protocol.targetPrefix}.${operation}` },
      body: JSON.stringify(input ?? {}),
      parseError: parseJsonError,
      ...(this.protocol.errorClasses ? { errorClasses: this.protocol.errorClasses } : {}),
    });
    return (body ? JSON.parse(body) : {}) as T;
  }
}

function parseJsonError(answer: Answer): { name: string; message: string; fields: Record<string, unknown> } {
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(answer.body) as Record<string, unknown>;
  } catch {
    parsed = {};
  }
  const { __type, message, Message, ...fields } = parsed as { __type?: string; message?: string; Message?: string };
  const header = answer.headers['x-amzn-errortype'];
  const type = __type ?? (typeof header === 'string' ? header.split(':')[0] : undefined) ?? `HTTP${answer.status}`;
  const name = type.split('#').pop() ?? type;
  return { name, message: message ?? Message ?? name, fields };
}
