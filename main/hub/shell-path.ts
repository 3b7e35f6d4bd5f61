import { spawn } from 'node:child_process';
import { delimiter } from 'node:path';

const START = '__MCP_HUB_PATH_START__';
const END = '__MCP_HUB_PATH_END__';

export interface LoginShellPathOptions {
  /** Default: $SHELL, else /bin/sh. */
  shell?: string;
  env?: Record<string, string | undefined>;
  /** A shell whose startup files wait for input or the network must not hold up the app. */
  timeoutMs?: number;
}

/**
 * An app started from a desktop launcher (Finder, a .desktop file) gets the session's bare PATH,
 * without what the user's shell startup files add (nvm, Homebrew, ~/.local/bin, cargo…), so
 * `npx`, `uvx` and `docker` are not found. This asks the user's login shell for its PATH, as VS
 * Code does: interactive and login, so .zshrc/.bashrc and .profile are both read. Throws with the
 * reason when the shell fails or takes too long.
 */
export async function loginShellPath(options: LoginShellPathOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const shell = options.shell ?? env['SHELL'] ?? '/bin/sh';
  const timeoutMs = options.timeoutMs ?? 5_000;
  // The markers cut the value out of whatever else the startup files print (motd, prompts).
  const script = `printf '%s' '${START}'; printf '%s' "$PATH"; printf '%s' '${END}'`;
  return new Promise((resolve, reject) => {
    const child = spawn(shell, ['-i', '-l', '-c', script], {
      env: { ...env, MCP_HUB_RESOLVING_SHELL_ENV: '1' },
      stdio: ['ignore', 'pipe', 'ignore'],
      // A session of its own: an interactive shell must not take over (or wait for) a terminal.
      detached: true,
    });
    let out = '';
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      reject(new Error(`${shell} did not report its PATH within ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${shell}: ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const start = out.indexOf(START);
      const end = out.indexOf(END, start);
      if (start < 0 || end < 0) {
        reject(new Error(`${shell} exited (code ${code}) without reporting its PATH`));
        return;
      }
      resolve(out.slice(start + START.length, end));
    });
  });
}

/** The login shell's entries first, then the ones only the current PATH has; no duplicates. */
export function mergePaths(loginPath: string, currentPath: string | undefined): string {
  const entries = [...loginPath.split(delimiter), ...(currentPath ?? '').split(delimiter)].filter(Boolean);
  return [...new Set(entries)].join(delimiter);
}

/**
 * Whether this process likely lacks the user's shell PATH: macOS apps never inherit it; elsewhere
 * an app started outside a terminal has no TERM.
 */
export function needsLoginShellPath(platform: NodeJS.Platform, env: Record<string, string | undefined>): boolean {
  if (platform === 'win32') return false;
  return platform === 'darwin' || env['TERM'] === undefined;
}
