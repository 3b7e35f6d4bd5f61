import type { HubEventMap } from '../../shared/events.js';
import type { LogLevel } from '../../shared/log.js';
import type { ServerInfo } from '../../shared/status.js';
import type { Catalog } from './catalog/catalog.js';
import type { ServerChanges } from './config/diff.js';
import type { ServerDefinition } from './config/load.js';
import type { Endpoint } from './endpoint/endpoint.js';
import { serverNotFound } from './errors.js';
import type { HubEventBus } from './events.js';
import type { UpstreamServer, UpstreamServerOptions } from './upstream/upstream-server.js';
import type { EndpointSession } from './endpoint/session.js';

export interface UpstreamServersOptions {
  /** Makes the server of a definition, or a client's own connection to it; this collection wires its events. */
  create(definition: ServerDefinition, instance?: UpstreamServerOptions['instance']): UpstreamServer;
  catalog: Catalog;
  endpoint: Endpoint;
  events: HubEventBus;
}

/**
 * The configured upstream servers, in config order: made from their definitions, their events
 * published as hub events, and brought in line with a changed config.
 */
export class UpstreamServers {
  private readonly byName = new Map<string, UpstreamServer>();

  constructor(private readonly options: UpstreamServersOptions) {}

  get(name: string): UpstreamServer | undefined {
    return this.byName.get(name);
  }

  require(name: string): UpstreamServer {
    const server = this.byName.get(name);
    if (!server) throw serverNotFound(name);
    return server;
  }

  all(): UpstreamServer[] {
    return [...this.byName.values()];
  }

  infos(): ServerInfo[] {
    return this.all().map((server) => this.info(server));
  }

  info(server: UpstreamServer): ServerInfo {
    const { catalog, endpoint } = this.options;
    const exposed = catalog.exposed(server);
    const { project } = server.definition;
    return {
      ...server.info(),
      id: catalog.idOf(server),
      capabilities: { ...exposed },
      hidden: [...catalog.hiddenOf(server)],
      estimatedTokens: catalog.estimatedTokensOf(server),
      instances: endpoint.instances.count(server),
      ...(project && { project: { folder: project.folder, trusted: project.trusted } }),
    };
  }

  /** The first set of servers, none of them started. */
  create(definitions: ServerDefinition[]): void {
    for (const definition of definitions) this.byName.set(definition.name, this.make(definition));
    this.options.catalog.setServers(this.all());
  }

  /**
   * Applies a config change: added servers start, removed ones stop, changed ones restart (or
   * only take their new settings, when nothing that decides the connection changed), the rest run
   * on untouched. Resolves when every start and stop has settled.
   */
  async apply(diff: ServerChanges, next: ServerDefinition[]): Promise<void> {
    const work: Promise<void>[] = [];
    for (const name of diff.removed) {
      const server = this.byName.get(name)!;
      this.byName.delete(name);
      work.push(this.options.endpoint.instances.closeServer(server), server.stop());
    }
    const definitions = new Map(next.map((definition) => [definition.name, definition]));
    for (const name of diff.added) {
      const server = this.make(definitions.get(name)!);
      this.byName.set(name, server);
      if (server.status !== 'disabled') work.push(server.boot());
    }
    for (const name of [...diff.modified, ...diff.updated]) {
      const server = this.byName.get(name)!;
      const wasRunning = server.status !== 'disabled';
      // Clients' own connections run the old entry: the next request of each makes a new one.
      if (diff.modified.includes(name)) work.push(this.options.endpoint.instances.closeServer(server));
      server.updateDefinition(definitions.get(name)!);
      if (server.isDisabledInConfig()) work.push(server.stop({ disable: true }));
      else if (diff.modified.includes(name) && wasRunning) work.push(server.stop().then(() => server.boot()));
      else if (!wasRunning) work.push(server.boot());
      else work.push(server.applyLazySettings());
      // What of it is shown may be what changed (its switches, its pinning).
      if (!diff.modified.includes(name)) this.options.catalog.reexpose(server);
    }
    // Config order, so listings and namespacing stay deterministic.
    const ordered = next.map((definition) => this.byName.get(definition.name)!);
    this.byName.clear();
    for (const server of ordered) this.byName.set(server.name, server);
    this.options.catalog.setServers(ordered);
    await Promise.allSettled(work);
  }

  /**
   * A client session's own connection to a `per-client` server: told exactly what that client can
   * answer, its log lines marked with the client, and given the client's subscriptions and log
   * level whenever it comes up.
   */
  makeInstance(server: UpstreamServer, session: EndpointSession): UpstreamServer {
    const { sampling, elicitation, roots } = session.clientCapabilities;
    const client = session.info().client;
    const label = `${client ? `${client.name} ` : ''}session ${session.id.slice(0, 8)}`;
    const instance = this.options.create(server.definition, {
      capabilities: { ...(sampling && { sampling }), ...(elicitation && { elicitation }), ...(roots && { roots }) },
      label,
    });
    instance.on('log', (entry) => {
      this.options.events.emit('log', { type: LOG_EVENT_TYPE[entry.level], message: `[${label}] ${entry.text}`, server: server.name, source: entry.source });
    });
    instance.on('status', ({ status }) => {
      if (status === 'connected') void this.options.endpoint.onUpstreamConnected(instance);
    });
    return instance;
  }

  private make(definition: ServerDefinition): UpstreamServer {
    const { events, endpoint } = this.options;
    const server = this.options.create(definition);
    server.on('log', (entry) => {
      events.emit('log', { type: LOG_EVENT_TYPE[entry.level], message: entry.text, server: server.name, source: entry.source });
    });
    server.on('status', ({ status, previous, error }) => {
      // A note in the server's log, and so on /api/events, as mcp-hub v4 logged its own.
      if (status === 'connected') server.logs.add('hub', 'info', `'${server.name}' connected`);
      const authorizationUrl = server.authorizationUrl;
      events.emit('server_status', { server: server.name, status, previous, error, ...(authorizationUrl && { authorizationUrl }) });
      if (status === 'connected') void endpoint.onUpstreamConnected(server);
    });
    server.on('catalog', (kinds) => {
      const { tools, resources, resourceTemplates, prompts } = server.catalog;
      if (kinds.includes('tools')) events.emit('tool_list_changed', { server: server.name, tools });
      if (kinds.includes('resources')) events.emit('resource_list_changed', { server: server.name, resources, resourceTemplates });
      if (kinds.includes('prompts')) events.emit('prompt_list_changed', { server: server.name, prompts });
    });
    return server;
  }
}

const LOG_EVENT_TYPE: Record<LogLevel, HubEventMap['log']['type']> = {
  debug: 'debug',
  info: 'info',
  notice: 'info',
  warning: 'warn',
  error: 'error',
  critical: 'error',
  alert: 'error',
  emergency: 'error',
};
