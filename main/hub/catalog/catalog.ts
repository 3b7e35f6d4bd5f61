import { EventEmitter } from 'node:events';
import type { Prompt, Resource, ResourceTemplate, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { CatalogKind, UpstreamCatalog, UpstreamServer } from '../upstream/upstream-server.js';
import { assignServerIds, disambiguatedName, exposedName, exposedUri, parseExposedUri } from './names.js';

/** Where a name seen by a client really lives. */
export interface Route {
  server: UpstreamServer;
  /** The name or URI the upstream server knows it by. */
  name: string;
}

/**
 * What one endpoint offers its clients: every server under namespaced names (`/mcp`) or one
 * server under its own names (`/mcp/<server>`). Lists are built when something changes, never per
 * request.
 */
export interface CatalogView {
  readonly servers: readonly UpstreamServer[];
  /** The server of a one-server view (`/mcp/<server>`), which clients see as that server itself. */
  readonly only: UpstreamServer | undefined;
  tools(): readonly Tool[];
  prompts(): readonly Prompt[];
  resources(): readonly Resource[];
  resourceTemplates(): readonly ResourceTemplate[];
  routeTool(name: string): Route | undefined;
  routePrompt(name: string): Route | undefined;
  routeResource(uri: string): Route | undefined;
  /** The server a name would belong to if it were listed; for a clear error when it is not. */
  ownerOf(nameOrUri: string): UpstreamServer | undefined;
  /** Maps a URI found in an upstream result to the form clients can send back. */
  exposeUri(server: UpstreamServer, uri: string): string;
  includes(server: UpstreamServer): boolean;
  instructions(): string | undefined;
}

interface CatalogEvents {
  /** Lists of these kinds changed for the views that include `server`. */
  changed: [{ server: UpstreamServer; kinds: CatalogKind[] }];
}

/**
 * The aggregate of every upstream server's tools, prompts and resources, and the routing of a
 * namespaced name back to the server that owns it.
 */
export class Catalog extends EventEmitter<CatalogEvents> {
  private readonly members = new Map<string, UpstreamServer>();
  /** The members in name order; replaced, never changed, so views may hold on to it. */
  private list: UpstreamServer[] = [];
  private ids = new Map<string, string>();
  private byId = new Map<string, UpstreamServer>();
  private aggregate: AggregateView | undefined;
  private readonly singles = new Map<string, SingleServerView>();
  private readonly serverListeners = new Map<UpstreamServer, (kinds: CatalogKind[]) => void>();

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
    for (const server of [...servers].sort((a, b) => a.name.localeCompare(b.name))) {
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
    this.aggregate?.invalidate();
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

  /** The namespaced view of every server, for `/mcp`. */
  aggregateView(): CatalogView {
    this.aggregate ??= new AggregateView(this);
    return this.aggregate;
  }

  /** One server under its own names, for `/mcp/<server>`. */
  serverView(name: string): CatalogView | undefined {
    const server = this.members.get(name);
    if (!server) return undefined;
    let view = this.singles.get(name);
    if (!view) {
      view = new SingleServerView(server);
      this.singles.set(name, view);
    }
    return view;
  }

  /** Per-server namespaced entries, recomputed only for the server that changed. */
  namespacedEntries(server: UpstreamServer): UpstreamCatalog {
    const id = this.idOf(server);
    const { tools, prompts, resources, resourceTemplates } = server.catalog;
    return {
      tools: tools.map((tool) => ({ ...tool, name: exposedName(id, tool.name) })),
      prompts: prompts.map((prompt) => ({ ...prompt, name: exposedName(id, prompt.name) })),
      resources: resources.map((resource) => ({ ...resource, uri: exposedUri(id, resource.uri) })),
      resourceTemplates: resourceTemplates.map((template) => ({
        ...template,
        uriTemplate: exposedUri(id, template.uriTemplate),
      })),
    };
  }

  serverById(id: string): UpstreamServer | undefined {
    return this.byId.get(id);
  }

  private onServerChanged(server: UpstreamServer, kinds: CatalogKind[]): void {
    this.aggregate?.invalidate(server);
    this.emit('changed', { server, kinds });
  }
}

interface Routed<T> {
  item: T;
  route: Route;
}

/**
 * The listed items and their routes, every name once. Server `x` with tool `y__echo` and server
 * `x__y` with tool `echo` both come out as `x__y__echo`: each of such names gets a hash of its
 * server and own name, so neither shadows the other, whatever the order of the servers.
 */
function unambiguous<T extends { name: string }>(entries: Routed<T>[]): { items: T[]; routes: Map<string, Route> } {
  const count = new Map<string, number>();
  for (const { item } of entries) count.set(item.name, (count.get(item.name) ?? 0) + 1);
  const items: T[] = [];
  const routes = new Map<string, Route>();
  for (const { item, route } of entries) {
    const named = count.get(item.name) === 1 ? item : { ...item, name: disambiguatedName(item.name, route.server.name, route.name) };
    items.push(named);
    routes.set(named.name, route);
  }
  return { items, routes };
}

class AggregateView implements CatalogView {
  readonly only = undefined;
  private entries = new Map<UpstreamServer, UpstreamCatalog>();
  private built: UpstreamCatalog | undefined;
  private toolRoutes = new Map<string, Route>();
  private promptRoutes = new Map<string, Route>();
  private resourceRoutes = new Map<string, Route>();

  constructor(private readonly catalog: Catalog) {}

  get servers(): readonly UpstreamServer[] {
    return this.catalog.servers;
  }

  /** Forgets one server's entries (or all, when the set of servers or their ids changed). */
  invalidate(server?: UpstreamServer): void {
    if (server) this.entries.delete(server);
    else this.entries.clear();
    this.built = undefined;
  }

  private build(): UpstreamCatalog {
    if (this.built) return this.built;
    const built: UpstreamCatalog = { tools: [], resources: [], resourceTemplates: [], prompts: [] };
    const tools: Routed<Tool>[] = [];
    const prompts: Routed<Prompt>[] = [];
    this.resourceRoutes = new Map();
    for (const server of this.catalog.servers) {
      let entries = this.entries.get(server);
      if (!entries) {
        entries = this.catalog.namespacedEntries(server);
        this.entries.set(server, entries);
      }
      const original = server.catalog;
      entries.tools.forEach((tool, i) => tools.push({ item: tool, route: { server, name: original.tools[i]!.name } }));
      entries.prompts.forEach((prompt, i) => prompts.push({ item: prompt, route: { server, name: original.prompts[i]!.name } }));
      entries.resources.forEach((resource, i) =>
        this.resourceRoutes.set(resource.uri, { server, name: original.resources[i]!.uri }),
      );
      built.resources.push(...entries.resources);
      built.resourceTemplates.push(...entries.resourceTemplates);
    }
    ({ items: built.tools, routes: this.toolRoutes } = unambiguous(tools));
    ({ items: built.prompts, routes: this.promptRoutes } = unambiguous(prompts));
    this.built = built;
    return built;
  }

  tools(): readonly Tool[] {
    return this.build().tools;
  }
  prompts(): readonly Prompt[] {
    return this.build().prompts;
  }
  resources(): readonly Resource[] {
    return this.build().resources;
  }
  resourceTemplates(): readonly ResourceTemplate[] {
    return this.build().resourceTemplates;
  }

  routeTool(name: string): Route | undefined {
    this.build();
    return this.toolRoutes.get(name);
  }

  routePrompt(name: string): Route | undefined {
    this.build();
    return this.promptRoutes.get(name);
  }

  /** Listed resources by exact URI; anything else (a template expansion) by its server prefix. */
  routeResource(uri: string): Route | undefined {
    this.build();
    const listed = this.resourceRoutes.get(uri);
    if (listed) return listed;
    const parsed = parseExposedUri(uri);
    const server = parsed && this.catalog.serverById(parsed.id);
    return server && parsed ? { server, name: parsed.uri } : undefined;
  }

  ownerOf(nameOrUri: string): UpstreamServer | undefined {
    const parsed = parseExposedUri(nameOrUri);
    return parsed ? this.catalog.serverById(parsed.id) : undefined;
  }

  exposeUri(server: UpstreamServer, uri: string): string {
    return exposedUri(this.catalog.idOf(server), uri);
  }

  includes(): boolean {
    return true;
  }

  instructions(): string | undefined {
    const parts = this.catalog.servers
      .filter((server) => (server.status === 'connected' || server.status === 'sleeping') && server.instructions)
      .map((server) => `## ${this.catalog.idOf(server)}\n${server.instructions}`);
    if (parts.length === 0) return undefined;
    return (
      `Tools, prompts and resources of several MCP servers are namespaced <server>__<name>. ` +
      `Instructions of each server follow.\n\n${parts.join('\n\n')}`
    );
  }
}

class SingleServerView implements CatalogView {
  constructor(private readonly server: UpstreamServer) {}

  get only(): UpstreamServer {
    return this.server;
  }

  get servers(): readonly UpstreamServer[] {
    return [this.server];
  }
  tools(): readonly Tool[] {
    return this.server.catalog.tools;
  }
  prompts(): readonly Prompt[] {
    return this.server.catalog.prompts;
  }
  resources(): readonly Resource[] {
    return this.server.catalog.resources;
  }
  resourceTemplates(): readonly ResourceTemplate[] {
    return this.server.catalog.resourceTemplates;
  }
  routeTool(name: string): Route | undefined {
    return this.server.catalog.tools.some((tool) => tool.name === name) ? { server: this.server, name } : undefined;
  }
  routePrompt(name: string): Route | undefined {
    return this.server.catalog.prompts.some((prompt) => prompt.name === name) ? { server: this.server, name } : undefined;
  }
  routeResource(uri: string): Route {
    // Template expansions are not listed; the server itself says whether a URI exists.
    return { server: this.server, name: uri };
  }
  ownerOf(): UpstreamServer {
    return this.server;
  }
  exposeUri(_server: UpstreamServer, uri: string): string {
    return uri;
  }
  includes(server: UpstreamServer): boolean {
    return server === this.server;
  }
  instructions(): string | undefined {
    return this.server.instructions;
  }
}
