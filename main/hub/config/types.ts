import type { ConfigFileSettings } from '../../../shared/config.js';

export interface ServerDefinition {
  /** The key in `mcpServers` / `servers`. */
  name: string;
  /** Absolute path of the file that defined it. */
  source: string;
  /** The entry exactly as written (unknown keys kept), even when invalid; `{}` if it was not an object. */
  config: Record<string, unknown>;
  /** Set when the entry is invalid: `file:line:column: json.path: what is wrong`. */
  problem?: string;
  /** The top-level settings of its file (`lazy`, `idleTimeout`), when it has any. */
  fileDefaults?: ConfigFileSettings;
}

export interface ConfigFileInfo {
  path: string;
  missing: boolean;
}

export interface LoadedConfig {
  files: ConfigFileInfo[];
  /** Merged over all files, in first-seen order. */
  servers: ServerDefinition[];
}
