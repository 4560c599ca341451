import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import type { RouteContract } from '#shared/api/contract.ts';
import { ROUTES } from '#shared/api/routes.ts';
import { StorableNumber } from '#shared/schemas/common.ts';

/**
 * DynamoDB stores numbers between 1e-130 and 1e126 in magnitude (and zero); JavaScript holds
 * 5e-324, which a plain `z.number().min(0).max(1)` accepts and the write then refuses with a
 * 500. The property suite found one such field by chance; this walks every body a route takes
 * and demands that each number is whole or a `StorableNumber`.
 */
interface Def {
  type: string;
  checks?: unknown[];
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const storableCheck = defOf(StorableNumber).checks![0];
const isWhole = (check: unknown) => {
  const def = (check as { _zod?: { def?: { check?: string; format?: string } } })._zod?.def;
  return def?.check === 'number_format' && (def.format === 'safeint' || def.format === 'int32' || def.format === 'uint32');
};

function unsafeNumbers(schema: z.ZodType, path: string, seen = new Set<z.ZodType>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = defOf(schema);
  const walk = (child: z.ZodType | null | undefined, at: string) => (child ? unsafeNumbers(child, at, seen) : []);
  switch (def.type) {
    case 'number': {
      const checks = def.checks ?? [];
      return checks.includes(storableCheck) || checks.some(isWhole) ? [] : [path || '(body)'];
    }
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([key, child]) => walk(child, path ? `${path}.${key}` : key));
    case 'array':
      return walk(def.element, `${path}[]`);
    case 'record':
      return walk(def.valueType, `${path}{}`);
    case 'tuple':
      return [...(def.items ?? []).flatMap((item, i) => walk(item, `${path}[${i}]`)), ...walk(def.rest, `${path}[]`)];
    case 'union':
      return (def.options ?? []).flatMap((option) => walk(option, path));
    case 'intersection':
      return [...walk(def.left, path), ...walk(def.right, path)];
    case 'pipe':
      return [...walk(def.in, path), ...walk(def.out, path)];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return walk(def.innerType, path);
    default:
      return [];
  }
}

describe('numbers a write route stores', () => {
  it('finds a plain number when there is one (the walk itself works)', async () => {
    const zod = await import('zod');
    expect(unsafeNumbers(zod.object({ a: zod.array(zod.object({ b: zod.number().min(0).max(1).optional() })) }), '')).toEqual(['a[].b']);
    expect(unsafeNumbers(zod.object({ a: zod.number().int(), b: StorableNumber.min(0) }), '')).toEqual([]);
  });

  it('are whole or storable in DynamoDB in every body of the route contract', () => {
    const routes: readonly RouteContract[] = ROUTES;
    const found = routes.flatMap((route) => (route.body ? unsafeNumbers(route.body, '') : []).map((path) => `${route.method} ${route.path}: ${path}`));
    expect(found).toEqual([]);
  });
});
