/**
 * Runs before the tests: the integration and browser tests talk to real programs from Debian
 * (Java for DynamoDB Local, snmpd, snmpsim for the recorded devices, prometheus-node-exporter, restic, Chromium). Missing ones are
 * installed when we may (root, or password-less sudo); otherwise this stops with the exact command.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const listFile = new URL('../.ci/debian-packages.txt', import.meta.url);
const packages = existsSync(listFile)
  ? readFileSync(listFile, 'utf8').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'))
  : [];

const installed = (name: string) => spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).stdout.includes('install ok installed');
const missing = packages.filter((name) => !installed(name));

if (missing.length === 0) process.exit(0);

const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
const isRoot = process.getuid?.() === 0;
const canSudo = !isRoot && spawnSync('sudo', ['-n', 'true']).status === 0;
if (!isRoot && !canSudo) {
  console.error(`The tests need these Debian packages: ${missing.join(', ')}.\nInstall them once with:\n  sudo ${command}`);
  process.exit(1);
}
console.log(`Installing the Debian packages the tests use: ${missing.join(', ')} …`);
const result = spawnSync(isRoot ? 'sh' : 'sudo', isRoot ? ['-c', command] : ['sh', '-c', command], {
  stdio: 'inherit',
  env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
});
if (result.status !== 0) {
  console.error(`Installing failed. Run it yourself:\n  sudo ${command}`);
  process.exit(1);
}
