import type { CallToolResult, Prompt, Resource, ResourceTemplate, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ItemSwitches } from '../../../shared/config.js';
import type { HiddenItem } from '../../../shared/status.js';
import type { CatalogKind, UpstreamCatalog, UpstreamServer } from '../upstream/upstream-server.js';
import { disambiguatedName, exposedUri, parseExposedUri } from './names.js';
import { matchesAny } from './patterns.js';

/** Where a name seen by a client really lives. */
export interface Route {
  server: UpstreamServer;
  /** The name or URI the upstream server knows it by. */
  name: string;
}

/**
 * What one endpoint offers its clients: every server under namespaced names (`/mcp`), a
 * profile's part of them (`/profiles/<name>/mcp`), or one server under its own names
 * (`/mcp/<server>`). Lists are built when something changes, never per request.
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
  /** Why a name this view does not offer is kept from it (switched off, held back, not in the profile); undefined if it is unknown. */
  whyHidden(kind: HiddenItem['kind'], nameOrUri: string): string | undefined;
  /** Maps a URI found in an upstream result to the form clients can send back. */
  exposeUri(server: UpstreamServer, uri: string): string;
  includes(server: UpstreamServer): boolean;
  /**
   * Which of these kinds of lists, changed on this server, change what this view lists; `before`
   * is the server's namespaced lists before the change, when they were known.
   */
  affected(server: UpstreamServer, kinds: readonly CatalogKind[], before: UpstreamCatalog | undefined): CatalogKind[];
  instructions(): string | undefined;
  /** A tool the hub itself answers on this view (tool search), or undefined for a server's tool. */
  hubTool?(name: string, args: Record<string, unknown> | undefined): HubToolAnswer | undefined;
}

/** What a hub tool does with a call: answers it, or makes it a call of another tool of the view. */
export type HubToolAnswer = { result: CallToolResult } | { call: { name: string; arguments: Record<string, unknown> | undefined } };

/** What views read of the catalog. */
export interface CatalogSource {
  readonly servers: readonly UpstreamServer[];
  idOf(server: UpstreamServer): string;
  serverById(id: string): UpstreamServer | undefined;
  /** The server's lists as clients may see them, under its own names. */
  exposed(server: UpstreamServer): UpstreamCatalog;
  hiddenOf(server: UpstreamServer): readonly HiddenItem[];
  /** The same lists under namespaced names, index for index. */
  namespaced(server: UpstreamServer): UpstreamCatalog;
}

/** Which servers and namespaced tools a view of several servers shows (a profile); none: all of them. */
export interface ViewScope {
  /** Patterns over server names. */
  servers?: readonly string[] | undefined;
  /** Patterns over namespaced tool names (`server__tool`). */
  tools?: ItemSwitches | undefined;
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

/** Several servers under namespaced names: every server (`/mcp`) or a profile's scope. */
export class AggregateView implements CatalogView {
  readonly only = undefined;
  private built: UpstreamCatalog | undefined;
  private toolRoutes = new Map<string, Route>();
  private promptRoutes = new Map<string, Route>();
  private resourceRoutes = new Map<string, Route>();
  /** Tools of servers in scope that the scope's tool patterns leave out, by namespaced name. */
  private outOfScope = new Set<string>();

  constructor(
    readonly source: CatalogSource,
    private readonly scope: ViewScope = {},
  ) {}

  get servers(): readonly UpstreamServer[] {
    return this.source.servers.filter((server) => this.includes(server));
  }

  includes(server: UpstreamServer): boolean {
    return !this.scope.servers || matchesAny(this.scope.servers, server.name);
  }

  /** The lists are built again on their next use. */
  invalidate(): void {
    this.built = undefined;
  }

  private build(): UpstreamCatalog {
    if (this.built) return this.built;
    const built: UpstreamCatalog = { tools: [], resources: [], resourceTemplates: [], prompts: [] };
    const tools: Routed<Tool>[] = [];
    const prompts: Routed<Prompt>[] = [];
    this.resourceRoutes = new Map();
    this.outOfScope = new Set();
    for (const server of this.servers) {
      const original = this.source.exposed(server);
      const entries = this.source.namespaced(server);
      entries.tools.forEach((tool, i) => {
        if (this.toolInScope(tool.name)) tools.push({ item: tool, route: { server, name: original.tools[i]!.name } });
        else this.outOfScope.add(tool.name);
      });
      entries.prompts.forEach((prompt, i) => prompts.push({ item: prompt, route: { server, name: original.prompts[i]!.name } }));
      entries.resources.forEach((resource, i) => this.resourceRoutes.set(resource.uri, { server, name: original.resources[i]!.uri }));
      built.resources.push(...entries.resources);
      built.resourceTemplates.push(...entries.resourceTemplates);
    }
    ({ items: built.tools, routes: this.toolRoutes } = unambiguous(tools));
    ({ items: built.prompts, routes: this.promptRoutes } = unambiguous(prompts));
    this.built = built;
    return built;
  }

  affected(server: UpstreamServer, kinds: readonly CatalogKind[], before: UpstreamCatalog | undefined): CatalogKind[] {
    if (!this.includes(server)) return [];
    if (!this.scope.tools || !before || !kinds.includes('tools')) return [...kinds];
    // Tools the profile leaves out may change without its clients hearing of it.
    const inScope = (tools: readonly Tool[]) => JSON.stringify(tools.filter((tool) => this.toolInScope(tool.name)));
    const same = inScope(before.tools) === inScope(this.source.namespaced(server).tools);
    return same ? kinds.filter((kind) => kind !== 'tools') : [...kinds];
  }

  toolInScope(name: string): boolean {
    const switches = this.scope.tools;
    if (!switches) return true;
    return (!switches.allow || matchesAny(switches.allow, name)) && !(switches.deny && matchesAny(switches.deny, name));
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
    const server = parsed && this.source.serverById(parsed.id);
    return server && parsed && this.includes(server) ? { server, name: parsed.uri } : undefined;
  }

  ownerOf(nameOrUri: string): UpstreamServer | undefined {
    const parsed = parseExposedUri(nameOrUri);
    const server = parsed ? this.source.serverById(parsed.id) : undefined;
    return server && this.includes(server) ? server : undefined;
  }

  whyHidden(kind: HiddenItem['kind'], nameOrUri: string): string | undefined {
    this.build();
    if (kind === 'tool' && this.outOfScope.has(nameOrUri)) return 'not part of this profile';
    const parsed = parseExposedUri(nameOrUri);
    const server = parsed ? this.source.serverById(parsed.id) : undefined;
    if (!server || !parsed) return undefined;
    if (!this.includes(server)) return `server '${server.name}' is not part of this profile`;
    return this.source.hiddenOf(server).find((item) => item.kind === kind && item.name === parsed.uri)?.reason;
  }

  exposeUri(server: UpstreamServer, uri: string): string {
    return exposedUri(this.source.idOf(server), uri);
  }

  instructions(): string | undefined {
    const parts = this.servers
      .filter((server) => (server.status === 'connected' || server.status === 'sleeping') && server.instructions)
      .map((server) => `## ${this.source.idOf(server)}\n${server.instructions}`);
    if (parts.length === 0) return undefined;
    return (
      `Tools, prompts and resources of several MCP servers are namespaced <server>__<name>. ` +
      `Instructions of each server follow.\n\n${parts.join('\n\n')}`
    );
  }
}

/** One server under its own names (`/mcp/<server>`), as its entry and pins allow. */
export class SingleServerView implements CatalogView {
  constructor(
    private readonly source: CatalogSource,
    private readonly server: UpstreamServer,
  ) {}

  get only(): UpstreamServer {
    return this.server;
  }

  get servers(): readonly UpstreamServer[] {
    return [this.server];
  }
  tools(): readonly Tool[] {
    return this.source.exposed(this.server).tools;
  }
  prompts(): readonly Prompt[] {
    return this.source.exposed(this.server).prompts;
  }
  resources(): readonly Resource[] {
    return this.source.exposed(this.server).resources;
  }
  resourceTemplates(): readonly ResourceTemplate[] {
    return this.source.exposed(this.server).resourceTemplates;
  }
  routeTool(name: string): Route | undefined {
    return this.tools().some((tool) => tool.name === name) ? { server: this.server, name } : undefined;
  }
  routePrompt(name: string): Route | undefined {
    return this.prompts().some((prompt) => prompt.name === name) ? { server: this.server, name } : undefined;
  }
  routeResource(uri: string): Route | undefined {
    // Template expansions are not listed; the server itself says whether a URI exists, unless its entry hides it.
    return this.whyHidden('resource', uri) ? undefined : { server: this.server, name: uri };
  }
  ownerOf(): UpstreamServer {
    return this.server;
  }
  whyHidden(kind: HiddenItem['kind'], nameOrUri: string): string | undefined {
    return this.source.hiddenOf(this.server).find((item) => item.kind === kind && item.name === nameOrUri)?.reason;
  }
  exposeUri(_server: UpstreamServer, uri: string): string {
    return uri;
  }
  includes(server: UpstreamServer): boolean {
    return server === this.server;
  }
  affected(server: UpstreamServer, kinds: readonly CatalogKind[]): CatalogKind[] {
    return server === this.server ? [...kinds] : [];
  }
  instructions(): string | undefined {
    return this.server.instructions;
  }
}
