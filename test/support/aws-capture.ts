import { gunzipSync } from 'node:zlib';

export interface CapturedRequest {
  /** The X-Amz-Target header (`GraniteServiceVersion20100801.PutMetricData`, `AmazonSQS.SendMessageBatch`). */
  target: string;
  headers: Record<string, string>;
  /** The body as sent on the wire (gunzipped if the SDK compressed it). */
  body: string;
  /** The body's size on the wire. */
  wireBytes: number;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- the AWS JSON body
}

/**
 * Captures a real AWS SDK client's requests at the network boundary: a middleware at the end of
 * `finalizeRequest` (after serialisation, compression and signing) records the HTTP request and
 * answers it without sending it anywhere. `respond` builds the JSON body of the answer.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- middleware arguments are the SDK's internals */
export function captureRequests(client: { middlewareStack: { add: (...args: any[]) => void } }, respond: (request: CapturedRequest) => unknown = () => ({})): CapturedRequest[] {
  const captured: CapturedRequest[] = [];
  client.middlewareStack.add(
    () => async (args: any) => {
      const request = args.request as { headers: Record<string, string>; body: unknown };
      // A view on the bytes (Buffer.from(array) would call the SDK body's string adapter).
      const bytes = request.body as Uint8Array;
      const raw = typeof request.body === 'string' ? Buffer.from(request.body) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const encoding = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'content-encoding')?.[1];
      const body = (encoding === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      const target = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'x-amz-target')?.[1] ?? '';
      const entry: CapturedRequest = { target, headers: request.headers, body, wireBytes: raw.length, json: JSON.parse(body) };
      captured.push(entry);
      const reply = JSON.stringify(respond(entry));
      return {
        // The shape of an HttpResponse; nothing after this point parses it.
        response: { statusCode: 200, reason: 'OK', headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Buffer.from(reply) },
        output: { $metadata: { httpStatusCode: 200 }, ...(JSON.parse(reply) as object) },
      };
    },
    { step: 'finalizeRequest', priority: 'low', name: 'captureRequests' },
  );
  return captured;
}
