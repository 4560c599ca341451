import { krIkt } from './kr-ikt.ts';
import { parseDeploymentConfig, type DeploymentConfig, type DeploymentConfigInput } from './schema.ts';

/** Every deployment's config by name (`cdk synth -c deployment=kr-ikt`). */
export const DEPLOYMENTS: Readonly<Record<string, DeploymentConfigInput>> = { 'kr-ikt': krIkt };
export const DEFAULT_DEPLOYMENT = 'kr-ikt';

/** The named deployment's config, validated; throws naming every invalid field. */
export function loadDeploymentConfig(name: string = DEFAULT_DEPLOYMENT): DeploymentConfig {
  const input = DEPLOYMENTS[name];
  if (!input) throw new Error(`No deployment config '${name}'; known: ${Object.keys(DEPLOYMENTS).join(', ')} (infra/config/index.ts)`);
  return parseDeploymentConfig(name, input);
}
