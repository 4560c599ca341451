import { App } from 'aws-cdk-lib';
import { buildDriftsbilde, DEFAULT_REGION } from './driftsbilde.ts';

/** `npx cdk synth` / `deploy` entry (see cdk.json). Options: -c region=…, -c alarmEmail=… */
const app = new App();
const region = (app.node.tryGetContext('region') as string | undefined) ?? DEFAULT_REGION;
const alarmEmail = app.node.tryGetContext('alarmEmail') as string | undefined;
buildDriftsbilde(app, {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region },
  ...(alarmEmail ? { alarmEmail } : {}),
});
app.synth();
