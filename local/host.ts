import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ROUTES } from '#shared/api/routes.ts';
import { matchRoute, toApiGatewayEvent } from '#shared/http/api-gateway-event.ts';
import { UnauthorizedError } from '#shared/domain/errors.ts';
import type { TokenProblem } from '#shared/domain/token-validity.ts';
import { errorResponse } from '#shared/http/responses.ts';
import { verifyBearer, type LocalSigningKey } from './auth.ts';
import { LOCAL_SIGN_IN_PATH, localSignIn, type SignInMode } from './sign-in.ts';
import { logger } from '#shared/logger.ts';
import { fieldProblem } from '#shared/messages/errors.ts';

/**
 * The local stand-in for API Gateway: matches a request to a route of the contract, verifies the
 * bearer token like the JWT authorizer, builds the payload-2.0 event and calls the very handler
 * module a deployment runs. It holds no business logic; it also serves the dashboard from web/.
 */
const FUNCTIONS_DIR = fileURLToPath(new URL('../functions/', import.meta.url));
const WEB_DIR = fileURLToPath(new URL('../web/', import.meta.url));
/** API Gateway's own payload limit; the handlers apply the API's smaller limit themselves. */
const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

type LambdaHandler = (event: unknown, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
const handlers = new Map<string, Promise<LambdaHandler>>();

function loadHandler(functionName: string): Promise<LambdaHandler> {
  let handler = handlers.get(functionName);
  if (!handler) {
    handler = import(join(FUNCTIONS_DIR, `${functionName}.ts`)).then((module: { handler: LambdaHandler }) => module.handler);
    handlers.set(functionName, handler);
  }
  return handler;
}

export interface LocalHost {
  server: Server;
  url: string;
  stop(): Promise<void>;
}

export async function startLocalHost(options: { port: number; signingKey: LocalSigningKey; signIn: SignInMode }): Promise<LocalHost> {
  const signIn = localSignIn(options.signingKey, options.signIn);
  const server = createServer((request, response) => {
    serve(request, response, options.signingKey, signIn).catch((error: unknown) => {
      logger.error('local host failed', { error });
      if (!response.headersSent) sendJson(response, 500, { error: { code: 'internal-error', message: 'the local host failed; see its log' } });
      else response.end();
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, '127.0.0.1', () => done());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

type SignIn = ReturnType<typeof localSignIn>;

async function serve(request: IncomingMessage, response: ServerResponse, signingKey: LocalSigningKey, signIn: SignIn): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  // API Gateway refuses a path it cannot decode with a 400 before any route runs; so does this host.
  if (!isDecodable(url.pathname)) {
    return sendJson(response, 400, { error: { code: 'validation-failed', message: 'the path has a malformed percent-encoding', details: [fieldProblem('path', 'field-path-encoding')] } });
  }
  if (url.pathname === LOCAL_SIGN_IN_PATH) {
    const body = await readBody(request);
    const client = request.socket.remoteAddress ?? 'unknown';
    return sendResult(response, await signIn({ method: request.method ?? 'GET', contentType: request.headers['content-type'], body, client }));
  }
  if (!url.pathname.startsWith('/api/')) return serveStatic(url.pathname, response);

  const matched = matchRoute(ROUTES, request.method ?? 'GET', url.pathname);
  if (matched === undefined) return sendJson(response, 404, { error: { code: 'no-such-route', message: `nothing at ${url.pathname}; see /api/openapi.json` } });
  if (matched === 'method-not-allowed') return sendJson(response, 405, { error: { code: 'method-not-allowed', message: `${request.method} is not allowed on ${url.pathname}` } });

  const body = await readBody(request);
  if (body === 'too-large') return sendJson(response, 413, { error: { code: 'payload-too-large', message: 'the body is larger than API Gateway accepts (10 MB)' } });
  let claims: Record<string, string | number | boolean> | undefined;
  if (matched.contract.allow !== 'public') {
    // As API Gateway's JWT authorizer: a refused token never reaches the function.
    const checked = await verifyBearer(signingKey, request.headers.authorization);
    if (!checked.ok) return sendTokenRefusal(response, checked.problem);
    claims = checked.claims;
  }
  const event = toApiGatewayEvent(
    { method: request.method ?? 'GET', path: url.pathname, rawQueryString: url.search.slice(1), headers: request.headers, body, claims },
    matched,
  );
  const handler = await loadHandler(matched.contract.functionName);
  sendResult(response, await handler(event, localContext(matched.contract.functionName)));
}

/**
 * The 401 for a refused token, in the API's error shape, with the `www-authenticate` header
 * API Gateway's JWT authorizer sends (RFC 6750).
 */
function sendTokenRefusal(response: ServerResponse, problem: TokenProblem): void {
  const result = errorResponse(new UnauthorizedError(problem.message, { reason: problem.reason }));
  // A header carries printable ASCII only (the messages use typographic apostrophes).
  const description = problem.message.replace(/[\u2018\u2019]/g, "'").replace(/[^\x20-\x7e]|["\\]/g, ' ');
  sendResult(response, { ...result, headers: { ...result.headers, 'www-authenticate': `Bearer error="invalid_token", error_description="${description}"` } });
}

/** Writes a Lambda proxy result as the HTTP response, as API Gateway would. */
function sendResult(response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)]));
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : undefined);
}

function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= GATEWAY_MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => done(size > GATEWAY_MAX_BODY_BYTES ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', fail);
  });
}

function localContext(functionName: string): Context {
  return {
    functionName,
    functionVersion: '$LATEST',
    awsRequestId: `local-${Date.now()}`,
    getRemainingTimeInMillis: () => 30_000,
  } as Context;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

function serveStatic(pathname: string, response: ServerResponse): void {
  const relative = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
  let file = resolve(WEB_DIR, `.${relative}`);
  if (!file.startsWith(resolve(WEB_DIR))) return sendJson(response, 404, { error: { code: 'not-found', message: 'no such file' } });
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) {
    // The dashboard is a single page: unknown paths get the page, which routes itself.
    file = join(WEB_DIR, 'index.html');
    if (!existsSync(file)) return sendJson(response, 404, { error: { code: 'not-found', message: 'no dashboard built' } });
  }
  response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(response);
}

function isDecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}
