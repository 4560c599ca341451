import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { withLogContext } from '#shared/logger.ts';
import { requestLogContext } from './handler.ts';
import { errorResponse } from './responses.ts';

type HttpLambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The entry of a capability function (see shared/api/capabilities.ts): calls the handler of the
 * event's route key. API Gateway only sends the route keys that point at this function; any other
 * is a deployment fault, logged and answered 500 (never passed to another route's handler).
 */
export function routeByKey(routes: Readonly<Record<string, HttpLambdaHandler>>): HttpLambdaHandler {
  return async function routeRequest(event, context) {
    const handler = Object.hasOwn(routes, event.routeKey) ? routes[event.routeKey] : undefined;
    if (!handler) return withLogContext(requestLogContext(event.routeKey, event, context), () => errorResponse(new Error(`this function does not serve the route ${event.routeKey}`)));
    return handler(event, context);
  };
}
