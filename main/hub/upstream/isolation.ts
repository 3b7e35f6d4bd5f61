import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { isolationOf } from '../config/diff.js';
import type { ServerDefinition } from '../config/types.js';
import { idleTimeoutOf, type LazyDefaults } from './lazy.js';

/** A client session's own connection to a `per-client` server. */
export interface ClientInstance {
  /** What that client declared, which is what the server is told. */
  capabilities: ClientCapabilities;
  /** Names the client in the server's log lines. */
  label: string;
}

/**
 * How long a connection may go without requests before it sleeps; undefined when it does not.
 * A client's own connection always sleeps when idle. The configured server of a per-client
 * entry sleeps at once: it runs only to learn the catalog (and for REST calls, which come from no
 * client session).
 */
export function idleTimeoutFor(definition: ServerDefinition, lazy: LazyDefaults, instance: ClientInstance | undefined): number | undefined {
  if (instance) return idleTimeoutOf(definition, lazy, { force: true });
  if (isolationOf(definition) === 'per-client') return 0;
  return idleTimeoutOf(definition, lazy);
}

/**
 * What the hub tells a server it can answer: a client's own connection, what that client
 * declared; a shared server, sampling and elicitation (relayed to the client whose request caused
 * them) and roots only when some are configured for it; the configured server of a per-client
 * entry, nothing (no client stands behind it).
 */
export function capabilitiesFor(definition: ServerDefinition, instance: ClientInstance | undefined): ClientCapabilities {
  if (instance) return instance.capabilities;
  if (isolationOf(definition) === 'per-client') return {};
  return { sampling: {}, elicitation: { form: {}, url: {} }, ...(definition.config?.roots && { roots: {} }) };
}
