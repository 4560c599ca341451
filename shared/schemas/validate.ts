import type { z } from 'zod';
import { ValidationError, type FieldProblem } from '#shared/domain/errors.ts';

/** Turns zod issues into field problems named from the request's root: `body.payer.memberId`. */
export function fieldProblems(issues: z.core.$ZodIssue[], prefix: string): FieldProblem[] {
  return issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: path ? `${path}.${key}` : key, problem: 'is not a known field' }));
    }
    return [{ field: path || prefix, problem: issue.message }];
  });
}

/** Parses `value` or throws a 400 naming each bad field under `prefix`. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = fieldProblems(result.error.issues, prefix);
  throw new ValidationError(`the ${prefix || 'input'} is not valid: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`, problems);
}
