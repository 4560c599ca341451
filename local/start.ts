/**
 * `npm start`: the whole system on one machine with real parts. DynamoDB Local (the official
 * engine, on Java 17) with its data under DATA_DIR, the table made from the same definition the
 * CDK stack uses, the demo region when the store is empty, and the local HTTP host calling the
 * deployed handler modules. `npm start -- --reset` starts from an empty store; `--no-demo` runs a
 * real local instance (no demo data, sign-in with user name and password; see `npm run users`).
 */
import { parseArgs } from 'node:util';
import { startSystem } from './system.ts';

const { values } = parseArgs({
  options: { reset: { type: 'boolean', default: false }, 'no-lab': { type: 'boolean', default: false }, 'no-demo': { type: 'boolean', default: false } },
});

try {
  const system = await startSystem({ reset: values.reset, lab: !values['no-lab'], demo: !values['no-demo'], log: (line) => console.log(line) });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Driftsbilde…`);
    await system.stop();
    console.log('Stopped. Data is kept in', system.settings.dataDir);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('Ctrl-C'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  console.error(`\nDriftsbilde could not start: ${(error as Error).message}`);
  process.exit(1);
}
