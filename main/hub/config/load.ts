import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigFileError } from './config-file-error.js';
import { parseJsonDocument } from './json-document.js';
import { profilesFromDocument } from './profiles.js';
import { serversFromDocument } from './server-entries.js';
import type { ConfigFileInfo, LoadedConfig, ProfileDefinition, ServerDefinition, ShadowedServer } from './types.js';

export { ConfigFileError } from './config-file-error.js';
export type { ConfigFileInfo, LoadedConfig, ProfileDefinition, ServerDefinition, ShadowedServer } from './types.js';

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
 * one of the same name whole (no deep merge), keeping the earlier one's place in the list. A
 * project file's server or profile (`projectFiles`) never replaces one of the user's own: a
 * server is listed in `shadowed`.
 */
export async function loadConfigFiles(paths: string[], options: { projectFiles?: ReadonlySet<string> } = {}): Promise<LoadedConfig> {
  const files: ConfigFileInfo[] = [];
  const merged = new Map<string, ServerDefinition>();
  const profiles = new Map<string, ProfileDefinition>();
  const shadowed: ShadowedServer[] = [];
  const isProject = (file: string) => options.projectFiles?.has(file) === true;
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
    files.push({ path, missing: false, hash: createHash('sha256').update(text).digest('hex') });
    const parsed = parseConfigText(text, path);
    for (const server of parsed.servers) {
      const earlier = merged.get(server.name);
      if (earlier && isProject(path) && !isProject(earlier.source)) shadowed.push({ name: server.name, source: path, shadowedBy: earlier.source });
      else merged.set(server.name, server);
    }
    for (const profile of parsed.profiles) {
      const earlier = profiles.get(profile.name);
      if (!(earlier && isProject(path) && !isProject(earlier.source))) profiles.set(profile.name, profile);
    }
  }
  return { files, servers: [...merged.values()], profiles: [...profiles.values()], shadowed };
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
