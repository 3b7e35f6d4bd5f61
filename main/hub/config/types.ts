import type { ConfigFileSettings, ServerConfig } from '../../../shared/config.js';
import type { ProfileConfig } from '../../../shared/profiles.js';

interface DefinitionBase {
  /** The key in `mcpServers` / `servers`. */
  name: string;
  /** Absolute path of the file that defined it. */
  source: string;
  /**
   * The entry exactly as written (unknown keys kept), even when invalid; `{}` if it was not an
   * object. What the config editor, the UI, diffs and catalog fingerprints see.
   */
  entry: Record<string, unknown>;
  /** The top-level settings of its file (`lazy`, `idleTimeout`), when it has any. */
  fileDefaults?: ConfigFileSettings;
  /**
   * Set for a server from a `--workspace` project folder's files: it runs (and its placeholders
   * are resolved) only while the user trusts the folder as it is now.
   */
  project?: { folder: string; trusted: boolean };
}

/** One server of the config: parsed once, when its file is read. */
export type ServerDefinition = DefinitionBase &
  (
    | {
        /** The entry parsed: what the hub runs the server by. */
        config: ServerConfig;
        problem?: undefined;
      }
    | {
        config: undefined;
        /** Why the entry is invalid: `file:line:column: json.path: what is wrong`. */
        problem: string;
      }
  );

export interface ConfigFileInfo {
  path: string;
  missing: boolean;
  /** sha256 of the text the servers were read from. */
  hash?: string;
}

/** A project file's server that has the name of one of the user's own: the user's runs. */
export interface ShadowedServer {
  name: string;
  source: string;
  /** The user's file whose server of that name wins. */
  shadowedBy: string;
}

/** One profile of the config (`profiles.<name>`), parsed when its file is read. */
export interface ProfileDefinition {
  name: string;
  source: string;
  /** Undefined when the profile is invalid; its endpoint then answers with `problem`. */
  config: ProfileConfig | undefined;
  problem?: string;
}

export interface LoadedConfig {
  files: ConfigFileInfo[];
  /** Merged over all files, in first-seen order. */
  servers: ServerDefinition[];
  /** Merged like servers: a later file's profile replaces an earlier one of the same name. */
  profiles: ProfileDefinition[];
  /** Project servers not used because a user's server has their name. */
  shadowed: ShadowedServer[];
}
