import type { z } from '#shared/schemas/zod.ts';
import { ValidationError, type FieldProblem } from '#shared/domain/errors.ts';
import { codeOfText, fieldProblem, type FieldCode } from '#shared/messages/errors.ts';
import type { MessageParams } from '#shared/messages/render.ts';

/**
 * Turns zod issues into field problems named from the request's root (`body.payer.memberId`), each
 * with a stable code and parameters: the kind of check (too short, not one of …) or, for a check
 * whose message is a catalogue text (`fieldText(…)` in the schemas), that text's code.
 */
export function fieldProblems(issues: z.core.$ZodIssue[], prefix: string): FieldProblem[] {
  return issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.');
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => fieldProblem(path ? `${path}.${key}` : key, 'field-unknown'));
    const field = path || prefix;
    const coded = codeOfText(issue.message);
    if (coded) return [fieldProblem(field, coded.code, coded.params)];
    const [code, params] = issueCode(issue);
    return [code === 'field-invalid' ? { ...fieldProblem(field, code, params), problem: issue.message } : fieldProblem(field, code, params)];
  });
}

const COUNTED = new Set(['string', 'array', 'set', 'file']);

/** The code of a check zod wrote the message for. */
function issueCode(issue: z.core.$ZodIssue): [FieldCode, MessageParams] {
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined$/.test(issue.message)) return ['field-required', {}];
      if (issue.expected === 'int') return ['field-whole-number', {}];
      return ['field-type', { expected: issue.expected }];
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (COUNTED.has(issue.origin)) {
        if (issue.origin === 'string' && minimum === 1) return ['field-empty', {}];
        return [issue.origin === 'string' ? 'field-too-short' : 'field-too-few', { count: minimum }];
      }
      return [issue.inclusive === false ? 'field-must-exceed' : 'field-too-small', { minimum }];
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (COUNTED.has(issue.origin)) return [issue.origin === 'string' ? 'field-too-long' : 'field-too-many', { count: maximum }];
      return [issue.inclusive === false ? 'field-must-be-below' : 'field-too-big', { maximum }];
    }
    case 'not_multiple_of':
      return ['field-multiple-of', { divisor: Number(issue.divisor) }];
    case 'invalid_value':
      return issue.values.length === 1 ? ['field-must-equal', { value: String(issue.values[0]) }] : ['field-one-of', { options: issue.values.map(String).join(', ') }];
    case 'invalid_format':
      if (issue.format === 'email') return ['field-email', {}];
      if (issue.format === 'url') return ['field-url', {}];
      if (issue.format === 'datetime') return ['field-instant', {}];
      if (issue.format === 'date') return ['field-date', {}];
      return ['field-format', { format: issue.format }];
    default:
      return ['field-invalid', {}];
  }
}

/** Parses `value` or throws a 400 naming each bad field under `prefix`. */
export function parseOrThrow<S extends z.ZodMiniType>(schema: S, value: unknown, prefix: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = fieldProblems(result.error.issues, prefix);
  throw new ValidationError(`the ${prefix || 'input'} is not valid: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`, problems);
}
