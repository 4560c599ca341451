import { describe, expect, it } from 'vitest';
import * as z from '#shared/schemas/zod.ts';
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
  shape?: Record<string, z.ZodMiniType>;
  element?: z.ZodMiniType;
  innerType?: z.ZodMiniType;
  options?: z.ZodMiniType[];
  valueType?: z.ZodMiniType;
  in?: z.ZodMiniType;
  out?: z.ZodMiniType;
  left?: z.ZodMiniType;
  right?: z.ZodMiniType;
  items?: z.ZodMiniType[];
  rest?: z.ZodMiniType | null;
}

const defOf = (schema: z.ZodMiniType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const storableCheck = defOf(StorableNumber).checks![0];
const isWhole = (check: unknown) => {
  const def = (check as { _zod?: { def?: { check?: string; format?: string } } })._zod?.def;
  return def?.check === 'number_format' && (def.format === 'safeint' || def.format === 'int32' || def.format === 'uint32');
};

function unsafeNumbers(schema: z.ZodMiniType, path: string, seen = new Set<z.ZodMiniType>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = defOf(schema);
  const walk = (child: z.ZodMiniType | null | undefined, at: string) => (child ? unsafeNumbers(child, at, seen) : []);
  switch (def.type) {
    case 'number': {
      // z.int() is itself a whole-number check; z.number().check(z.int()) carries one.
      const checks = def.checks ?? [];
      return isWhole(schema) || checks.includes(storableCheck) || checks.some(isWhole) ? [] : [path || '(body)'];
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
  it('finds a plain number when there is one (the walk itself works)', () => {
    expect(unsafeNumbers(z.object({ a: z.array(z.object({ b: z.optional(z.number().check(z.gte(0), z.lte(1))) })) }), '')).toEqual(['a[].b']);
    expect(unsafeNumbers(z.object({ a: z.int(), b: StorableNumber.check(z.gte(0)) }), '')).toEqual([]);
  });

  it('are whole or storable in DynamoDB in every body of the route contract', () => {
    const routes: readonly RouteContract[] = ROUTES;
    const found = routes.flatMap((route) => (route.body ? unsafeNumbers(route.body, '') : []).map((path) => `${route.method} ${route.path}: ${path}`));
    expect(found).toEqual([]);
  });
});
