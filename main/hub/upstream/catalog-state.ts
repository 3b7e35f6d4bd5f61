import type { Client } from '@modelcontextprotocol/client';
import type { ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { ServerDefinition } from '../config/types.js';
import type { Logger } from '../log.js';
import { EMPTY_CATALOG, fetchCatalog, refetchKind, type CatalogHints, type CatalogKind, type ListOptions, type UpstreamCatalog } from './catalog-fetch.js';
import type { CatalogSnapshot, CatalogStore } from './catalog-store.js';
import { errorMessage } from '../../../shared/errors.js';

export interface CatalogStateOptions {
  /** Where a lazy server's snapshot is kept; without it, nothing is. */
  store: Pick<CatalogStore, 'load' | 'save'> | undefined;
  log: Logger;
  /** For each page of a list. */
  listTimeoutMs: number;
  /** The kinds whose lists changed, each time some did. */
  onChanged(kinds: CatalogKind[]): void;
  /** The entry to keep the snapshot under, while there is one to keep (a connected lazy server); else undefined. */
  keptAs(): ServerDefinition | undefined;
}

/**
 * What one upstream server offers, as last learned from its connection or from its snapshot: its
 * catalog, and its name, version, capabilities and instructions. A lazy server's is kept in the
 * catalog store, so that it stays listed while it sleeps, across hub restarts too.
 */
export class CatalogState {
  private lists: UpstreamCatalog = EMPTY_CATALOG;
  /** Each list's cache hint from the live connection (none from a snapshot: it is not the server's answer now). */
  readonly hints: CatalogHints = {};
  private version: { name: string; version: string } | null = null;
  private capabilities: ServerCapabilities = {};
  private instructionsText: string | undefined;
  /** The snapshot last loaded from or saved to the catalog store, so an unchanged one is not rewritten. */
  private storedSnapshot: string | undefined;

  constructor(private readonly options: CatalogStateOptions) {}

  get catalog(): UpstreamCatalog {
    return this.lists;
  }

  get serverVersion(): { name: string; version: string } | null {
    return this.version;
  }

  get serverCapabilities(): ServerCapabilities {
    return this.capabilities;
  }

  get instructions(): string | undefined {
    return this.instructionsText;
  }

  fetch(client: Client): Promise<UpstreamCatalog> {
    return fetchCatalog(client, this.listOptions());
  }

  /** A connection goes live: what its handshake said, and its lists. */
  learn(client: Client, catalog: UpstreamCatalog): void {
    this.version = client.getServerVersion() ?? null;
    this.capabilities = client.getServerCapabilities() ?? {};
    this.instructionsText = client.getInstructions();
    this.set(catalog);
  }

  /**
   * Announces only the kinds whose content changed: a server that wakes, reconnects or says
   * list_changed with the same lists costs clients no re-listing.
   */
  set(next: UpstreamCatalog): void {
    const previous = this.lists;
    const same = (a: unknown[], b: unknown[]) => a === b || (a.length === b.length && JSON.stringify(a) === JSON.stringify(b));
    const changed = (['tools', 'resources', 'prompts'] as const).filter((kind) =>
      kind === 'resources'
        ? !same(previous.resources, next.resources) || !same(previous.resourceTemplates, next.resourceTemplates)
        : !same(previous[kind], next[kind]),
    );
    this.lists = next;
    if (changed.length > 0) this.options.onChanged(changed);
  }

  clear(): void {
    this.forgetHints();
    this.set(EMPTY_CATALOG);
  }

  private forgetHints(): void {
    for (const key of Object.keys(this.hints)) delete this.hints[key as keyof CatalogHints];
  }

  /** Reads the lists of `kind` again after the server said they changed, unless `client` is no longer the live one. */
  async refresh(client: Client, kind: CatalogKind, isLive: () => boolean): Promise<void> {
    if (!isLive()) return;
    try {
      const next = await refetchKind(client, this.lists, kind, this.listOptions());
      if (!isLive()) return;
      this.set(next);
      this.save();
    } catch (error) {
      this.options.log.warn({ err: errorMessage(error) }, `could not refresh ${kind} after list_changed`);
    }
  }

  /** The snapshot saved for exactly this entry, if any. */
  async load(definition: ServerDefinition): Promise<CatalogSnapshot | undefined> {
    return this.options.store?.load(definition);
  }

  restore(snapshot: CatalogSnapshot): void {
    this.forgetHints();
    this.version = snapshot.serverInfo;
    this.capabilities = snapshot.capabilities;
    this.instructionsText = snapshot.instructions;
    this.set(snapshot.catalog);
    this.storedSnapshot = JSON.stringify(this.snapshot());
  }

  /** Keeps a lazy server's catalog for its next sleep and the next hub start; unchanged ones are not rewritten. */
  save(): void {
    const store = this.options.store;
    const definition = this.options.keptAs();
    if (!store || !definition) return;
    const snapshot = this.snapshot();
    const text = JSON.stringify(snapshot);
    if (text === this.storedSnapshot) return;
    this.storedSnapshot = text;
    store.save(definition, snapshot).catch((error: unknown) => {
      this.storedSnapshot = undefined;
      this.options.log.warn({ err: errorMessage(error) }, 'could not save the catalog; the server will start with the hub to learn it again');
    });
  }

  /** The entry changed: whatever was stored was stored under the old one. */
  forgetStored(): void {
    this.storedSnapshot = undefined;
  }

  private snapshot(): CatalogSnapshot {
    return {
      catalog: this.lists,
      serverInfo: this.version,
      capabilities: this.capabilities,
      ...(this.instructionsText !== undefined && { instructions: this.instructionsText }),
    };
  }

  private listOptions(): ListOptions {
    return { timeoutMs: this.options.listTimeoutMs, log: this.options.log, hints: this.hints };
  }
}
