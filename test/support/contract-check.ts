import { expect } from 'vitest';
import { ErrorBody } from '#shared/api/common.ts';
import { responseStatuses } from '#shared/api/contract.ts';
import { ROUTES } from '#shared/api/routes.ts';
import { matchRoute } from '#shared/http/api-gateway-event.ts';

/**
 * Holds one response to the route contract: its status is one the contract lists for the route
 * (the same list the OpenAPI document shows), an error has the one error shape, and a JSON success
 * parses with the route's documented response schema. Returns how it was checked, for counting.
 */
export function expectResponseInContract(
  method: string,
  path: string,
  response: { status: number; headers: Record<string, string>; body: unknown },
): 'success' | 'error' {
  const matched = matchRoute(ROUTES, method, path.split('?')[0] ?? '');
  if (!matched || matched === 'method-not-allowed') throw new Error(`no route for ${method} ${path}`);
  const { contract } = matched;
  const where = `${method} ${contract.path} answered ${response.status}`;
  expect(responseStatuses(contract), `${where}, which its contract does not list`).toContain(response.status);
  if (response.status >= 400) {
    const parsed = ErrorBody.safeParse(response.body);
    expect(parsed.success, `${where} with a body not in the error shape: ${JSON.stringify(response.body)}`).toBe(true);
    if (response.status === 503) expect(Number(response.headers['retry-after']), `${where} without Retry-After`).toBeGreaterThan(0);
    return 'error';
  }
  if (contract.response && response.headers['content-type']?.includes('application/json')) {
    const parsed = contract.response.safeParse(response.body);
    expect(parsed.success, `${where} with a body its schema refuses: ${parsed.error?.message}`).toBe(true);
  }
  return 'success';
}
