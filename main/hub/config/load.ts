import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigFileError } from './config-file-error.js';
import { parseJsonDocument } from './json-document.js';
import { profilesFromDocument } from './profiles.js';
import { serversFromDocument } from './server-entries.js';
import type { ConfigFileInfo, LoadedConfig, ProfileDefinition, ServerDefinition } from './types.js';

export { ConfigFileError } from './config-file-error.js';
export type { ConfigFileInfo, LoadedConfig, ProfileDefinition, ServerDefinition } from './types.js';

const EMPTY_CONFIG = '{\n  "mcpServers": {}\n}\n';

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

const READ_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'a parent of this path is not a directory',
};

/**
 * Parses one config file's text. `file` is used verbatim for messages and `source`
 * (loadConfigFiles passes absolute paths). Throws ConfigFileError.
 */
export function parseConfigText(text: string, file: string): { servers: ServerDefinition[]; profiles: ProfileDefinition[] } {
  const doc = parseJsonDocument(text, file);
  return { servers: serversFromDocument(doc, file), profiles: profilesFromDocument(doc, file) };
}

/**
 * Loads and merges config files in order: a later file's server (or profile) replaces an earlier
 * one of the same name whole (no deep merge), keeping the earlier one's place in the list.
 */
export async function loadConfigFiles(paths: string[]): Promise<LoadedConfig> {
  const files: ConfigFileInfo[] = [];
  const merged = new Map<string, ServerDefinition>();
  const profiles = new Map<string, ProfileDefinition>();
  for (const given of paths) {
    const path = resolve(given);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = errorCode(error);
      // A project file that does not exist yet is normal (e.g. no .vscode/mcp.json in this repo).
      if (code === 'ENOENT') {
        files.push({ path, missing: true });
        continue;
      }
      const why = (code && READ_ERRORS[code]) ?? 'read failed';
      throw new ConfigFileError(path, `cannot read the file: ${why}${code ? ` (${code})` : ''}`, undefined, { cause: error });
    }
    files.push({ path, missing: false });
    const parsed = parseConfigText(text, path);
    for (const server of parsed.servers) merged.set(server.name, server);
    for (const profile of parsed.profiles) profiles.set(profile.name, profile);
  }
  return { files, servers: [...merged.values()], profiles: [...profiles.values()] };
}

/** Creates an empty config (and its directories) unless the file exists; true if it was created. */
export async function ensureConfigFile(path: string): Promise<boolean> {
  await mkdir(dirname(resolve(path)), { recursive: true });
  try {
    // 'wx' rather than exists-then-write, so a file created concurrently is never overwritten.
    await writeFile(path, EMPTY_CONFIG, { flag: 'wx' });
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
}
