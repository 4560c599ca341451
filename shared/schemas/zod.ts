/**
 * zod for every schema of the project: `zod/mini`, the functional build, which tree-shakes to about
 * a fifth of classic zod's ~100 KB in each Lambda bundle (issue 10). Mini ships no issue messages;
 * this module adds zod's English ones, which configuration errors, SNMP secrets and the field-problem
 * mapping read. Import zod from here (`import * as z from '#shared/schemas/zod.ts'`), never directly.
 */
import { config } from 'zod/mini';
import { en } from 'zod/locales';

config(en());

export * from 'zod/mini';
/** The error `parse` throws, by name; `z.core.$ZodError` would pull all of zod's core (every locale) into a bundle. */
export { $ZodError as ZodError } from 'zod/v4/core';
