import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client, PriorDiscovery } from '@modelcontextprotocol/client';
import type { ServerDefinition } from '../config/types.js';
import { catalogFingerprint } from './catalog-store.js';

/** Which protocol era a server speaks, as its last connection found out. */
export type EraVerdict = PriorDiscovery;

/** The verdicts of one server entry, as its connections use them. */
export interface EraMemory {
  /** The verdict of the entry's last connection, if there was one. */
  load(): Promise<EraVerdict | undefined>;
  save(verdict: EraVerdict): Promise<void>;
  forget(): Promise<void>;
}

/** What a connected client found out: modern with the server's discover result, or legacy. */
export function verdictOf(client: Client): EraVerdict | undefined {
  const discover = client.getProtocolEra() === 'modern' ? client.getDiscoverResult() : undefined;
  if (discover) return { kind: 'modern', discover };
  return client.getProtocolEra() === 'legacy' ? { kind: 'legacy' } : undefined;
}

/**
 * The protocol era of each server entry, so that a server is probed (`server/discover`, up to the
 * probe timeout for a silent legacy server) once, not at every start. Kept per entry fingerprint,
 * like the catalogs: an entry that changes how it runs is probed afresh. In memory, and in `dir`
 * when given (the catalog store's ERAS_FOLDER, pruned with it), so that the next hub start knows too.
 */
export class EraVerdicts {
  private readonly known = new Map<string, EraVerdict>();

  constructor(private readonly dir?: string) {}

  for(definition: () => ServerDefinition): EraMemory {
    return {
      load: () => this.load(catalogFingerprint(definition())),
      save: (verdict) => this.save(catalogFingerprint(definition()), verdict),
      forget: () => this.forget(catalogFingerprint(definition())),
    };
  }

  private async load(fingerprint: string): Promise<EraVerdict | undefined> {
    const known = this.known.get(fingerprint);
    if (known || !this.dir) return known;
    try {
      const file = this.fileOf(fingerprint);
      const stored = JSON.parse(await readFile(file, 'utf8')) as { verdict?: unknown };
      const verdict = asVerdict(stored.verdict);
      if (verdict) this.known.set(fingerprint, verdict);
      // In use again: pruning (CatalogStore.prune) goes by the file's age.
      const now = new Date();
      await utimes(file, now, now).catch(() => {});
      return verdict;
    } catch {
      // Never saved, or unreadable: the connection probes, and saves what it finds.
      return undefined;
    }
  }

  private async save(fingerprint: string, verdict: EraVerdict): Promise<void> {
    const before = this.known.get(fingerprint);
    this.known.set(fingerprint, verdict);
    if (!this.dir || (before && JSON.stringify(before) === JSON.stringify(verdict))) return;
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = this.fileOf(fingerprint);
    const temp = `${file}.${randomUUID()}.tmp`;
    try {
      await writeFile(temp, JSON.stringify({ verdict, savedAt: new Date().toISOString() }), { mode: 0o600 });
      await rename(temp, file);
    } catch {
      await rm(temp, { force: true });
    }
  }

  private async forget(fingerprint: string): Promise<void> {
    this.known.delete(fingerprint);
    if (this.dir) await rm(this.fileOf(fingerprint), { force: true }).catch(() => {});
  }

  private fileOf(fingerprint: string): string {
    return join(this.dir!, `${fingerprint}.json`);
  }
}

/** A stored verdict as the SDK takes it; anything else is no verdict (the SDK would refuse it). */
function asVerdict(value: unknown): EraVerdict | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { kind, discover } = value as { kind?: unknown; discover?: unknown };
  if (kind === 'legacy') return { kind: 'legacy' };
  if (kind === 'modern' && typeof discover === 'object' && discover !== null) return { kind: 'modern', discover: discover as never };
  return undefined;
}
