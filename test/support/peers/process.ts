import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface PeerProcess {
  child: ChildProcess;
  /** Everything the peer printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** True while the process runs. */
  running(): boolean;
  /** SIGTERM, then SIGKILL after 5 s. Resolves when it has exited. */
  stop(): Promise<void>;
}

/** Starts a peer program and keeps its output; it is stopped only through `stop()` (by its pid). */
export function startProcess(command: string, args: string[], options: SpawnOptions = {}): PeerProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (error) => (output += `\n[spawn error] ${error.message}`));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  return {
    child,
    output: () => output,
    running: () => child.exitCode === null && child.signalCode === null && child.pid !== undefined,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `ready` until it resolves true, the process dies, or the time is up (then throws with its output). */
export async function waitUntil(peer: PeerProcess, what: string, ready: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!peer.running()) throw new Error(`${what} exited before it was ready. Its output:\n${peer.output()}`);
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await peer.stop();
  throw new Error(`${what} was not ready within ${timeoutMs} ms. Its output:\n${peer.output()}`);
}
