import { spawn } from 'node:child_process';
import { PlaceholderError } from './placeholders.js';

export interface RunCommandOptions {
  /** Reported in errors, e.g. `env.TOKEN`. */
  field: string;
  timeoutMs: number;
  cwd: string;
  env: Record<string, string>;
  signal?: AbortSignal;
  maxOutputBytes?: number;
}

const DEFAULT_MAX_OUTPUT = 1024 * 1024;
const isWindows = process.platform === 'win32';

/**
 * Runs a `${cmd: …}` through the platform shell and returns its trimmed stdout.
 *
 * Errors say how the command ended but never include its output or its text: both may hold a
 * secret (the usual use is fetching a token). stderr is discarded for the same reason.
 *
 * spawn instead of execFile: on timeout execFile kills only the shell, and then waits for
 * grandchildren (`sh -c "a | b"`) that still hold stdout open. Here the command gets its own
 * process group, which is killed as a whole.
 */
export function runPlaceholderCommand(command: string, options: RunCommandOptions): Promise<string> {
  const { field, timeoutMs, signal } = options;
  const maxOutput = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  if (signal?.aborted) return Promise.reject(new PlaceholderError(field, 'command cancelled'));

  return new Promise<string>((resolvePromise, rejectPromise) => {
    const [file, args] = isWindows
      ? [process.env.ComSpec ?? 'cmd.exe', ['/d', '/s', '/c', `"${command}"`]]
      : ['/bin/sh', ['-c', command]];
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'ignore'],
      detached: !isWindows,
      windowsHide: true,
      windowsVerbatimArguments: isWindows,
    });

    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;

    const killTree = (): void => {
      if (child.pid === undefined) return;
      try {
        // Negative pid: the whole process group created by `detached`, which can outlive the shell.
        if (isWindows) child.kill();
        else process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const settle = (error: PlaceholderError | undefined, value = ''): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error) {
        killTree();
        rejectPromise(error);
      } else {
        resolvePromise(value);
      }
    };
    const onAbort = (): void => settle(new PlaceholderError(field, 'command cancelled'));

    const timer = setTimeout(() => settle(new PlaceholderError(field, `command timed out after ${timeoutMs} ms`)), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxOutput) settle(new PlaceholderError(field, `command output is larger than ${maxOutput} bytes`));
      else chunks.push(chunk);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      settle(new PlaceholderError(field, `could not start the shell ${file} (${error.code ?? 'unknown error'})`));
    });
    child.on('close', (code, killedBy) => {
      if (code === 0) settle(undefined, Buffer.concat(chunks).toString('utf8').trim());
      else if (killedBy) settle(new PlaceholderError(field, `command was killed by ${killedBy}`));
      else settle(new PlaceholderError(field, `command failed with exit code ${code ?? 'unknown'}`));
    });
  });
}
