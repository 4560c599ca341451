import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { DEFAULT_DEPLOYMENT, loadDeploymentConfig } from './config/index.ts';
import { parseDeploymentConfig } from './config/schema.ts';
import { buildDriftsbilde } from './driftsbilde.ts';

/**
 * `npx cdk synth` / `deploy` entry (see cdk.json). `-c deployment=<name>` picks a config in
 * infra/config (default kr-ikt); `-c configFile=<path.json>` reads one from a JSON file instead.
 * Either is validated before anything is built: an invalid config stops here, naming each bad field.
 */
const app = new App();
const configFile = app.node.tryGetContext('configFile') as string | undefined;
const config = configFile
  ? parseDeploymentConfig(configFile, JSON.parse(readFileSync(configFile, 'utf8')))
  : loadDeploymentConfig((app.node.tryGetContext('deployment') as string | undefined) ?? DEFAULT_DEPLOYMENT);
buildDriftsbilde(app, { config });
app.synth();
