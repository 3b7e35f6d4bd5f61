import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { Project } from '../../../shared/project.js';
import { isRecord } from '../../../shared/is-record.js';
import type { LoadedConfig, ServerDefinition } from '../config/types.js';
import { runPreview } from '../config/run-preview.js';
import { HubError } from '../errors.js';
import type { Logger } from '../log.js';

export interface ProjectOptions {
  /** The `--workspace` folder. */
  folder: string;
  /** Its config files (project-files.ts), also among the hub's config files. */
  files: string[];
  /** Where trust is recorded, per folder: `trusted-projects.json` in the hub's state folder. */
  trustFile: string;
  /** `--trust-workspace`: the files as they are when the hub starts are trusted (and recorded). */
  trustAtStart?: boolean;
}

interface TrustRecord {
  hash: string;
  trustedAt: string;
}

/**
 * Whether the user trusts a project folder's config files, the way VS Code asks before it runs a
 * workspace's servers. Trust is recorded per folder for one content hash of all its files (present
 * or not): an edited, added or removed file is untrusted again until the user looks and agrees.
 */
export class ProjectTrust {
  readonly folder: string;
  readonly files: ReadonlySet<string>;
  private trustAtStart: boolean;
  private loaded: { hash: string; trusted: boolean } | undefined;

  constructor(
    private readonly options: ProjectOptions,
    private readonly log: Logger,
  ) {
    this.folder = resolve(options.folder);
    this.files = new Set(options.files.map((file) => resolve(file)));
    this.trustAtStart = options.trustAtStart === true;
  }

  /** The hash of the project's files as loaded in `config`: what trust is given to. */
  hashOf(config: LoadedConfig): string {
    const parts = config.files.filter((file) => this.files.has(file.path)).map((file) => [relative(this.folder, file.path), file.missing ? null : (file.hash ?? null)]);
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  }

  /** Marks the project's servers in a freshly loaded config as trusted or not. */
  async mark(config: LoadedConfig): Promise<LoadedConfig> {
    const hash = this.hashOf(config);
    if (this.trustAtStart) {
      this.trustAtStart = false;
      await this.record(hash);
    }
    const trusted = (await this.records())[this.folder]?.hash === hash;
    this.loaded = { hash, trusted };
    const servers = config.servers.map((definition): ServerDefinition => (this.files.has(definition.source) ? { ...definition, project: { folder: this.folder, trusted } } : definition));
    return { ...config, servers };
  }

  /** Trusts the files as last loaded, if `hash` names them: the user agreed to what they were shown. */
  async trust(hash: string): Promise<void> {
    if (!this.loaded || hash !== this.loaded.hash) {
      throw new HubError('PROJECT_CHANGED', `The files of the project folder ${this.folder} changed since they were shown; look at them again before trusting them`, { folder: this.folder });
    }
    await this.record(hash);
  }

  /** What the user is asked to trust: the folder, its files and servers, the shadowed ones too. */
  report(config: LoadedConfig | undefined): Project {
    const loaded = this.loaded ?? { hash: '', trusted: false };
    const servers: Project['servers'] = [];
    for (const definition of config?.servers ?? []) {
      if (!this.files.has(definition.source)) continue;
      servers.push({
        name: definition.name,
        source: definition.source,
        state: loaded.trusted ? 'trusted' : 'untrusted',
        shadowedBy: null,
        preview: definition.config ? runPreview(definition.config, []) : null,
        problem: definition.problem ?? null,
      });
    }
    for (const shadowed of config?.shadowed ?? []) {
      servers.push({ name: shadowed.name, source: shadowed.source, state: 'shadowed', shadowedBy: shadowed.shadowedBy, preview: null, problem: null });
    }
    const files = (config?.files ?? []).filter((file) => this.files.has(file.path)).map((file) => ({ path: file.path, exists: !file.missing }));
    return { folder: this.folder, hash: loaded.hash, trusted: loaded.trusted, files, servers };
  }

  private async records(): Promise<Record<string, TrustRecord>> {
    let text: string;
    try {
      text = await readFile(this.options.trustFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    try {
      const value: unknown = JSON.parse(text);
      const folders = isRecord(value) && isRecord(value['folders']) ? value['folders'] : {};
      const out: Record<string, TrustRecord> = {};
      for (const [folder, record] of Object.entries(folders)) {
        if (isRecord(record) && typeof record['hash'] === 'string') out[folder] = { hash: record['hash'], trustedAt: String(record['trustedAt'] ?? '') };
      }
      return out;
    } catch {
      // Unreadable trust is no trust: every project asks again, and the next trust rewrites the file.
      this.log.warn({ file: this.options.trustFile }, 'the record of trusted project folders is not valid JSON; no project folder is trusted');
      return {};
    }
  }

  private async record(hash: string): Promise<void> {
    const folders = { ...(await this.records()), [this.folder]: { hash, trustedAt: new Date().toISOString() } };
    const file = this.options.trustFile;
    await mkdir(dirname(file), { recursive: true });
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, `${JSON.stringify({ folders }, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, file);
    this.log.info({ folder: this.folder }, 'project folder trusted as it is now');
  }
}

/** Refuses to start a server of a project folder the user has not trusted. */
export function requireTrusted(definition: ServerDefinition): void {
  if (definition.project && !definition.project.trusted) {
    throw new HubError(
      'PROJECT_NOT_TRUSTED',
      `Server '${definition.name}' comes from the project folder ${definition.project.folder}, which you have not trusted as it is now; review its servers and trust it first (the Servers page, POST /api/project/trust, or --trust-workspace)`,
      { server: definition.name, folder: definition.project.folder },
    );
  }
}
