import { join } from 'node:path';
import { HUB_VERSION } from '../../shared/version.js';
import type { OAuthLogins } from './auth/oauth-logins.js';
import type { ServerDefinition } from './config/load.js';
import type { ResolveContext } from './config/resolve.js';
import type { HubOptions } from './hub-options.js';
import type { Logger } from './log.js';
import type { Redactor } from './redactor.js';
import { ERAS_FOLDER, type CatalogStore } from './upstream/catalog-store.js';
import { EraVerdicts } from './upstream/era-verdict.js';
import type { StdioSettings } from './upstream/stdio-transport.js';
import { DEFAULT_RESTART_POLICY } from './upstream/restart-policy.js';
import { UpstreamServer, type UpstreamPeer, type UpstreamServerOptions } from './upstream/upstream-server.js';

/** What every upstream server of a hub shares; read when a server is made, since some exist only once the config is loaded. */
export interface ServerFactoryParts {
  options: HubOptions;
  log: Logger;
  peer: UpstreamPeer;
  redactor: Redactor;
  catalogStore: CatalogStore;
  logins(): OAuthLogins;
  resolveContext(): ResolveContext | undefined;
  /** How stdio servers are read and tracked; set once the hub loads. */
  stdio(): StdioSettings | undefined;
}

/** Makes the hub's upstream servers (and clients' own connections to them) with the hub's settings. */
export function serverFactory(parts: ServerFactoryParts) {
  const { options } = parts;
  // Shared by a server and its clients' own connections to it: one entry, one era.
  const eras = new EraVerdicts(join(parts.catalogStore.dir, ERAS_FOLDER));
  return (definition: ServerDefinition, instance?: UpstreamServerOptions['instance']): UpstreamServer => {
    const resolveContext = parts.resolveContext();
    if (!resolveContext) throw new Error('The hub has not loaded its config');
    const stdio = parts.stdio();
    return new UpstreamServer({
      definition,
      resolveContext,
      restartPolicy: { ...DEFAULT_RESTART_POLICY, ...options.restartPolicy },
      connectTimeoutMs: options.connectTimeoutMs ?? 120_000,
      requestTimeoutMs: options.requestTimeoutMs ?? 300_000,
      healthCheckIntervalMs: options.healthCheckIntervalMs ?? 30_000,
      logger: parts.log,
      peer: parts.peer,
      clientInfo: { name: 'mcp-hub', version: HUB_VERSION },
      redactor: parts.redactor,
      oauth: parts.logins(),
      lazy: { byDefault: options.lazy ?? false, idleTimeoutMs: options.idleTimeoutMs ?? 10 * 60_000 },
      stdio: stdio && { ...stdio, server: definition.name },
      eras,
      probeTimeoutMs: options.probeTimeoutMs,
      // A client's own connection lists what the server's catalog says; it keeps none of its own.
      ...(instance ? { instance } : { catalogStore: parts.catalogStore }),
    });
  };
}
