import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (an esbuild alias set by
 * `DriftsbildeFunction`). Lambda hands a function its role's credentials in environment variables
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), the first link of the SDK's default
 * chain; the rest of that chain (SSO, STS web identity, INI files, IMDS, login) and the nested STS,
 * SSO and sign-in clients it brings cost ~130 KB of every bundle and ~a third of the SDK's init time
 * while never being used there. Locally (tsx, tests) the real default chain is used unchanged.
 */
export function defaultProvider(): AwsCredentialIdentityProvider {
  return fromEnv();
}
