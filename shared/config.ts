import * as z from '#shared/schemas/zod.ts';

/**
 * Configuration read once at module scope and checked at once: a missing TABLE_NAME fails the
 * cold start with a clear message instead of failing the first request.
 */
const Environment = z.object({
  TABLE_NAME: z.string().check(z.minLength(1, 'TABLE_NAME must name the DynamoDB table')),
  /** Set only locally: DynamoDB Local's address, e.g. http://127.0.0.1:8000. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  AWS_REGION: z._default(z.string(), 'eu-north-1'),
});
export type AppConfig = z.infer<typeof Environment>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = Environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Driftsbilde configuration is incomplete: ${problems}`);
  }
  return parsed.data;
}
