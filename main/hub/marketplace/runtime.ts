import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * The runtime an installed server needs, and whether it is on this machine, looked up on PATH the
 * way spawn will look for it, with a message saying what to install.
 */

export type Runtime = 'node' | 'uv' | 'docker';

/** The runtime a config's command needs on the machine, to check before starting it. */
export function requiredRuntime(config: object): Runtime | undefined {
  const command: unknown = 'command' in config ? config.command : undefined;
  if (typeof command !== 'string') return undefined;
  const base = command
    .split(/[\\/]/)
    .pop()
    ?.toLowerCase()
    .replace(/\.(exe|cmd|bat|ps1)$/, '');
  switch (base) {
    case 'npx':
    case 'node':
    case 'npm':
      return 'node';
    case 'uvx':
    case 'uv':
      return 'uv';
    case 'docker':
      return 'docker';
    default:
      return undefined;
  }
}

export interface RuntimeCheck {
  runtime: Runtime;
  /** The executable looked for. */
  command: string;
  /** Where it was found, or `null`. */
  path: string | null;
  /** For the user when it is missing; `undefined` when found. */
  message?: string;
}

const COMMANDS: Record<Runtime, { command: string; message: string }> = {
  node: {
    command: 'npx',
    message: 'npx was not found on PATH. Install Node.js (npx comes with it): https://nodejs.org/en/download',
  },
  uv: {
    command: 'uvx',
    message: 'uvx was not found on PATH. Install uv (uvx comes with it): https://docs.astral.sh/uv/getting-started/installation/',
  },
  docker: {
    command: 'docker',
    message: 'docker was not found on PATH. Install Docker Desktop or Docker Engine and start it: https://docs.docker.com/get-started/get-docker/',
  },
};

async function executable(path: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    // Windows has no execute bit; the extension (PATHEXT) decides.
    if (platform !== 'win32') await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first `command` on `PATH` (with `PATHEXT` on Windows), or `null`. */
export async function findExecutable(
  command: string,
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<string | null> {
  const extensions =
    platform === 'win32' ? ['', ...(env['PATHEXT'] ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((ext) => ext !== '')] : [''];
  const candidates = isAbsolute(command)
    ? extensions.map((ext) => command + ext)
    : (env['PATH'] ?? env['Path'] ?? '')
        .split(platform === 'win32' ? ';' : delimiter)
        .filter((dir) => dir !== '')
        .flatMap((dir) => extensions.map((ext) => join(dir, command + ext)));
  for (const candidate of candidates) {
    if (await executable(candidate, platform)) return candidate;
  }
  return null;
}

export async function checkRuntime(
  runtime: Runtime,
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<RuntimeCheck> {
  const { command, message } = COMMANDS[runtime];
  const path = await findExecutable(command, env, platform);
  return path === null ? { runtime, command, path, message } : { runtime, command, path };
}
