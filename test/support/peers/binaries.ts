import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The absolute path of a peer program, or an error naming the Debian package to install. Tests
 * call this in beforeAll so that a missing peer FAILS the run: a skipped protocol test would
 * look green while testing nothing. The packages are listed in .ci/debian-packages.txt.
 */
export function requireBinary(name: string, debianPackage: string): string {
  // Daemons such as snmpd live in sbin, which a non-login PATH may leave out.
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'].filter(Boolean);
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error(
    `${name} is not installed: this test needs a real ${name} as its peer. Install the Debian package '${debianPackage}' ` +
      `(apt-get install -y ${debianPackage}; all test peers are listed in .ci/debian-packages.txt).`,
  );
}
