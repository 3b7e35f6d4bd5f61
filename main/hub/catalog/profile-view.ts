import type { Prompt, Resource, ResourceTemplate, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ProfileConfig } from '../../../shared/profiles.js';
import type { HiddenItem } from '../../../shared/status.js';
import type { CatalogKind, UpstreamCatalog, UpstreamServer } from '../upstream/upstream-server.js';
import { SearchView } from './search-view.js';
import { AggregateView, type CatalogSource, type CatalogView, type HubToolAnswer, type Route } from './views.js';

/**
 * A profile's endpoint (`/profiles/<name>/mcp`): one object for the profile's whole life, so that
 * its connected clients follow an edit of the profile (their lists change, and they are told).
 */
export class ProfileView implements CatalogView {
  readonly only = undefined;
  private current: AggregateView | SearchView;
  private key: string;

  constructor(
    private readonly source: CatalogSource,
    profile: ProfileConfig,
  ) {
    this.key = JSON.stringify(profile);
    this.current = viewOf(source, profile);
  }

  /** Takes the profile as edited; true if it changed. */
  update(profile: ProfileConfig): boolean {
    const key = JSON.stringify(profile);
    if (key === this.key) return false;
    this.key = key;
    this.current = viewOf(this.source, profile);
    return true;
  }

  invalidate(): void {
    this.current.invalidate();
  }

  get servers(): readonly UpstreamServer[] {
    return this.current.servers;
  }
  tools(): readonly Tool[] {
    return this.current.tools();
  }
  prompts(): readonly Prompt[] {
    return this.current.prompts();
  }
  resources(): readonly Resource[] {
    return this.current.resources();
  }
  resourceTemplates(): readonly ResourceTemplate[] {
    return this.current.resourceTemplates();
  }
  routeTool(name: string): Route | undefined {
    return this.current.routeTool(name);
  }
  routePrompt(name: string): Route | undefined {
    return this.current.routePrompt(name);
  }
  routeResource(uri: string): Route | undefined {
    return this.current.routeResource(uri);
  }
  ownerOf(nameOrUri: string): UpstreamServer | undefined {
    return this.current.ownerOf(nameOrUri);
  }
  whyHidden(kind: HiddenItem['kind'], nameOrUri: string): string | undefined {
    return this.current.whyHidden(kind, nameOrUri);
  }
  exposeUri(server: UpstreamServer, uri: string): string {
    return this.current.exposeUri(server, uri);
  }
  includes(server: UpstreamServer): boolean {
    return this.current.includes(server);
  }
  affected(server: UpstreamServer, kinds: readonly CatalogKind[], before: UpstreamCatalog | undefined): CatalogKind[] {
    return this.current.affected(server, kinds, before);
  }
  instructions(): string | undefined {
    return this.current.instructions();
  }
  hubTool(name: string, args: Record<string, unknown> | undefined): HubToolAnswer | undefined {
    return this.current instanceof SearchView ? this.current.hubTool(name, args) : undefined;
  }
  /** Every tool its clients may call (in search mode, more than are listed). */
  availableTools(): readonly Tool[] {
    return this.current instanceof SearchView ? this.current.searchable() : this.current.tools();
  }
}

function viewOf(source: CatalogSource, profile: ProfileConfig): AggregateView | SearchView {
  const scoped = new AggregateView(source, { servers: profile.servers, tools: profile.tools });
  return profile.toolMode === 'search' ? new SearchView(scoped, profile.pinned ?? []) : scoped;
}
