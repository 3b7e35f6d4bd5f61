import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Logger } from '../log.js';
import { connectionPart } from '../config/diff.js';
import type { ServerDefinition } from '../config/types.js';
import { CatalogListsSchema } from '../../../shared/status.js';
import type { UpstreamCatalog } from './catalog-fetch.js';
import { errorMessage } from '../../../shared/errors.js';

/** What a server offered when it last ran: enough to list it on /mcp, and describe it, while it sleeps. */
export interface CatalogSnapshot {
  catalog: UpstreamCatalog;
  serverInfo: { name: string; version: string } | null;
  capabilities: ServerCapabilities;
  instructions?: string;
}

/** The folder in the store's where the servers' protocol eras are kept (era-verdict.ts), pruned like the catalogs. */
export const ERAS_FOLDER = 'eras';

/** Bumped when the file's shape changes, so an older hub's files are ignored rather than misread. */
const FORMAT = 1;
const DAY_MS = 24 * 60 * 60_000;

const StoredSchema = z.object({
  format: z.literal(FORMAT),
  fingerprint: z.string(),
  catalog: CatalogListsSchema,
  serverInfo: z.object({ name: z.string(), version: z.string() }).nullable(),
  capabilities: z.looseObject({}),
  instructions: z.string().optional(),
});

/**
 * Identifies an entry by everything that decides which process runs and how it is reached (not its
 * name, description, `disabled`, `lazy` or `idleTimeout`): a catalog saved under another
 * fingerprint belongs to a different server. Hashed, because the entry may hold secrets.
 */
export function catalogFingerprint(definition: ServerDefinition): string {
  return createHash('sha256').update(`${FORMAT}\n${connectionPart(definition)}`).digest('hex').slice(0, 32);
}

/**
 * The catalogs of lazy servers, one file per fingerprint. Keyed by fingerprint rather than by name,
 * so hubs with different configs on one machine never overwrite each other's, and a renamed entry
 * keeps its catalog. Files no hub has used for a while are pruned.
 */
export class CatalogStore {
  constructor(
    readonly dir: string,
    private readonly log?: Logger,
  ) {}

  /** The catalog saved for exactly this entry, or undefined (never saved, changed entry, unreadable file). */
  async load(definition: ServerDefinition): Promise<CatalogSnapshot | undefined> {
    const fingerprint = catalogFingerprint(definition);
    const file = this.fileOf(fingerprint);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.warn(definition, error, 'could not read the saved catalog');
      return undefined;
    }
    let stored: z.infer<typeof StoredSchema>;
    try {
      stored = StoredSchema.parse(JSON.parse(text));
    } catch {
      this.log?.warn({ server: definition.name, file }, 'ignoring a saved catalog that does not parse');
      return undefined;
    }
    if (stored.fingerprint !== fingerprint) return undefined;
    // In use again: pruning goes by the file's age.
    const now = new Date();
    await utimes(file, now, now).catch(() => {});
    const { catalog, serverInfo, capabilities, instructions } = stored;
    return {
      catalog: catalog as UpstreamCatalog,
      serverInfo,
      capabilities: capabilities as ServerCapabilities,
      ...(instructions !== undefined && { instructions }),
    };
  }

  /** Saves atomically (temp file + rename): another hub reading it never sees half a file. */
  async save(definition: ServerDefinition, snapshot: CatalogSnapshot): Promise<void> {
    const fingerprint = catalogFingerprint(definition);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = this.fileOf(fingerprint);
    const temp = `${file}.${randomUUID()}.tmp`;
    const stored = { format: FORMAT, fingerprint, server: definition.name, savedAt: new Date().toISOString(), ...snapshot };
    try {
      await writeFile(temp, JSON.stringify(stored), { mode: 0o600 });
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  /** Removes catalogs (and protocol eras) no hub has loaded or saved for `maxAgeMs` (entries long gone from every config). */
  async prune(maxAgeMs = 30 * DAY_MS): Promise<void> {
    const cutoff = Date.now() - maxAgeMs;
    for (const dir of [this.dir, join(this.dir, ERAS_FOLDER)]) {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        continue;
      }
      for (const name of names) {
        if (!name.endsWith('.json') && !name.endsWith('.tmp')) continue;
        const file = join(dir, name);
        const info = await stat(file).catch(() => undefined);
        if (info && info.mtimeMs < cutoff) await rm(file, { force: true }).catch(() => {});
      }
    }
  }

  private fileOf(fingerprint: string): string {
    return join(this.dir, `${fingerprint}.json`);
  }

  private warn(definition: ServerDefinition, error: unknown, message: string): void {
    this.log?.warn({ server: definition.name, err: errorMessage(error) }, message);
  }
}
