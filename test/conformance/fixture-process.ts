/** Starts the conformance fixture server as a child process (for this suite and the hub's). */
import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const FIXTURE_SERVER_PATH = fileURLToPath(new URL('./fixture-server.ts', import.meta.url));
/** tsx is resolved from here, so children must start in the repo root whatever vitest's cwd is. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Command line for stdio mode, e.g. for StdioClientTransport or an upstream entry in hub config. */
export function fixtureStdioCommand(): { command: string; args: string[]; cwd: string } {
  return { command: process.execPath, args: ['--import', 'tsx', FIXTURE_SERVER_PATH, 'stdio'], cwd: REPO_ROOT };
}

export interface FixtureHttp {
  url: string;
  pid: number | undefined;
  stop: () => Promise<void>;
}

export async function startFixtureHttp(opts: { port?: number; startTimeoutMs?: number } = {}): Promise<FixtureHttp> {
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(
    process.execPath,
    ['--import', 'tsx', FIXTURE_SERVER_PATH, 'http', '--port', String(opts.port ?? 0)],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });

  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const fail = (why: string): void => {
      clearTimeout(timer);
      reject(new Error(`conformance fixture ${why}; stderr: ${stderr.trim() || '(empty)'}`));
    };
    const timer = setTimeout(() => {
      void stop();
      fail(`did not print LISTENING within ${opts.startTimeoutMs ?? 30_000} ms`);
    }, opts.startTimeoutMs ?? 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /^LISTENING (\S+)$/m.exec(stdout);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code, signal) => fail(`exited early (${signal ?? `code ${String(code)}`})`));
    child.once('error', (err) => fail(`failed to spawn: ${err.message}`));
  });

  return { url, pid: child.pid, stop };
}
