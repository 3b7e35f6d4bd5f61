import { EventEmitter } from 'node:events';
import type { ProfileConfig } from '../../../shared/profiles.js';
import type { HiddenItem } from '../../../shared/status.js';
import { byCodeUnits } from '../code-unit-order.js';
import type { ToolPins } from '../pinning/pins.js';
import type { CatalogKind, UpstreamCatalog, UpstreamServer } from '../upstream/upstream-server.js';
import { exposureOf, type Exposure } from './exposure.js';
import { assignServerIds, exposedName, exposedUri } from './names.js';
import { ProfileView } from './profile-view.js';
import { AggregateView, SingleServerView, type CatalogSource, type CatalogView } from './views.js';

export type { CatalogView, Route, ViewScope } from './views.js';

/** Lists of these kinds of `server` changed; `before`: its namespaced lists before, when known (see CatalogView.affected). */
export interface CatalogChange {
  server: UpstreamServer;
  kinds: CatalogKind[];
  before: UpstreamCatalog | undefined;
}

interface CatalogEvents {
  changed: [CatalogChange];
  /** A profile was edited (every list of its view may differ) or removed (`removed`: its endpoint is gone). */
  profileChanged: [{ view: CatalogView; removed: boolean }];
}

const ALL_KINDS: CatalogKind[] = ['tools', 'resources', 'prompts'];

/**
 * The aggregate of every upstream server's tools, prompts and resources, as each server's entry
 * and pins let clients see them, and the routing of a namespaced name back to the server that
 * owns it. Exposure and namespacing are worked out once per change of a server, not per request.
 */
export class Catalog extends EventEmitter<CatalogEvents> implements CatalogSource {
  private readonly members = new Map<string, UpstreamServer>();
  /** The members in name order; replaced, never changed, so views may hold on to it. */
  private list: UpstreamServer[] = [];
  private ids = new Map<string, string>();
  private byId = new Map<string, UpstreamServer>();
  private readonly exposures = new Map<UpstreamServer, Exposure>();
  private readonly namespacedLists = new Map<UpstreamServer, UpstreamCatalog>();
  private aggregate: AggregateView | undefined;
  private readonly profiles = new Map<string, ProfileView>();
  private readonly singles = new Map<string, SingleServerView>();
  private readonly serverListeners = new Map<UpstreamServer, (kinds: CatalogKind[]) => void>();

  constructor(private readonly pins: ToolPins) {
    super();
  }

  /** Replaces the set of servers (at start and after a config change). */
  setServers(servers: readonly UpstreamServer[]): void {
    for (const [server, listener] of this.serverListeners) {
      if (!servers.includes(server)) {
        server.off('catalog', listener);
        this.serverListeners.delete(server);
        this.singles.delete(server.name);
      }
    }
    this.members.clear();
    for (const server of [...servers].sort((a, b) => byCodeUnits(a.name, b.name))) {
      this.members.set(server.name, server);
      if (!this.serverListeners.has(server)) {
        const listener = (kinds: CatalogKind[]) => this.onServerChanged(server, kinds);
        server.on('catalog', listener);
        this.serverListeners.set(server, listener);
      }
    }
    this.list = [...this.members.values()];
    this.ids = assignServerIds(this.members.keys());
    this.byId = new Map([...this.ids].map(([name, id]) => [id, this.members.get(name)!]));
    // Ids may have changed with the set of servers: every namespaced name is worked out again.
    this.exposures.clear();
    this.namespacedLists.clear();
    this.invalidateViews();
  }

  idOf(server: UpstreamServer): string {
    return this.ids.get(server.name) ?? server.name;
  }

  get servers(): readonly UpstreamServer[] {
    return this.list;
  }

  server(name: string): UpstreamServer | undefined {
    return this.members.get(name);
  }

  serverById(id: string): UpstreamServer | undefined {
    return this.byId.get(id);
  }

  /** The namespaced view of every server, for `/mcp`. */
  aggregateView(): CatalogView {
    this.aggregate ??= new AggregateView(this);
    return this.aggregate;
  }

  /** Replaces the set of usable profiles (at start and after a config change); their clients follow an edit. */
  setProfiles(profiles: ReadonlyMap<string, ProfileConfig>): void {
    for (const [name, view] of this.profiles) {
      if (profiles.has(name)) continue;
      this.profiles.delete(name);
      this.emit('profileChanged', { view, removed: true });
    }
    for (const [name, profile] of profiles) {
      const view = this.profiles.get(name);
      if (!view) this.profiles.set(name, new ProfileView(this, profile));
      else if (view.update(profile)) this.emit('profileChanged', { view, removed: false });
    }
  }

  /** A profile's view (`/profiles/<name>/mcp`), shared by its sessions. */
  profileView(name: string): ProfileView | undefined {
    return this.profiles.get(name);
  }

  /** One server under its own names, for `/mcp/<server>`. */
  serverView(name: string): CatalogView | undefined {
    const server = this.members.get(name);
    if (!server) return undefined;
    let view = this.singles.get(name);
    if (!view) {
      view = new SingleServerView(this, server);
      this.singles.set(name, view);
    }
    return view;
  }

  exposed(server: UpstreamServer): UpstreamCatalog {
    return this.exposure(server).lists;
  }

  hiddenOf(server: UpstreamServer): readonly HiddenItem[] {
    return this.exposure(server).hidden;
  }

  estimatedTokensOf(server: UpstreamServer): number {
    return this.exposure(server).estimatedTokens;
  }

  /** Exposed lists under namespaced names, index for index; worked out again only for the server that changed. */
  namespaced(server: UpstreamServer): UpstreamCatalog {
    let lists = this.namespacedLists.get(server);
    if (!lists) {
      const id = this.idOf(server);
      const { tools, prompts, resources, resourceTemplates } = this.exposed(server);
      lists = {
        tools: tools.map((tool) => ({ ...tool, name: exposedName(id, tool.name) })),
        prompts: prompts.map((prompt) => ({ ...prompt, name: exposedName(id, prompt.name) })),
        resources: resources.map((resource) => ({ ...resource, uri: exposedUri(id, resource.uri) })),
        resourceTemplates: resourceTemplates.map((template) => ({ ...template, uriTemplate: exposedUri(id, template.uriTemplate) })),
      };
      this.namespacedLists.set(server, lists);
    }
    return lists;
  }

  /**
   * What a server's clients see may have changed without its catalog changing (its entry's
   * switches, an approval): worked out again, and announced if it did change.
   */
  reexpose(server: UpstreamServer): void {
    const before = this.exposures.get(server);
    const namespacedBefore = this.namespacedLists.get(server);
    if (server.catalog.tools.length > 0) this.pins.review(server);
    this.forget(server);
    const after = this.exposure(server);
    const kinds = ALL_KINDS.filter((kind) => !before || !sameLists(before.lists, after.lists, kind));
    if (kinds.length > 0) this.emit('changed', { server, kinds, before: namespacedBefore });
  }

  /** `reexpose` for every server: after the pins changed on disk. */
  reexposeAll(): void {
    for (const server of this.list) this.reexpose(server);
  }

  private exposure(server: UpstreamServer): Exposure {
    let exposure = this.exposures.get(server);
    if (!exposure) {
      exposure = exposureOf(server, this.pins);
      this.exposures.set(server, exposure);
    }
    return exposure;
  }

  private onServerChanged(server: UpstreamServer, kinds: CatalogKind[]): void {
    // A server that went down lists nothing: that says nothing about its tools' definitions.
    if (kinds.includes('tools') && server.catalog.tools.length > 0) this.pins.review(server);
    const before = this.namespacedLists.get(server);
    this.forget(server);
    this.emit('changed', { server, kinds, before });
  }

  private forget(server: UpstreamServer): void {
    this.exposures.delete(server);
    this.namespacedLists.delete(server);
    this.invalidateViews();
  }

  private invalidateViews(): void {
    this.aggregate?.invalidate();
    for (const view of this.profiles.values()) view.invalidate();
  }
}

function sameLists(a: UpstreamCatalog, b: UpstreamCatalog, kind: CatalogKind): boolean {
  const keys = kind === 'resources' ? (['resources', 'resourceTemplates'] as const) : ([kind] as const);
  return keys.every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));
}
