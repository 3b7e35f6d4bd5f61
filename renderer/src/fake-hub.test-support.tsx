import { act } from '@testing-library/react';
import type { OperationInput, OperationName } from '../../shared/contract.js';
import type { HubEvent } from '../../shared/events.js';
import { HubClientError, type HubClient } from '../../shared/hub-client.js';
import type { ServerInfo } from '../../shared/status.js';
import { createAppStores } from './app/stores.js';

// What the pages' component tests share: a server as the hub reports it, and a hub in memory.

export function serverInfo(name: string, patch: Partial<ServerInfo> = {}): ServerInfo {
  return {
    name,
    displayName: name,
    description: '',
    transportType: 'stdio',
    status: 'connected',
    error: null,
    capabilities: { tools: [], resources: [], resourceTemplates: [], prompts: [] },
    uptime: 5,
    lastStarted: new Date(Date.now() - 5_000).toISOString(),
    authorizationUrl: null,
    serverInfo: { name: `${name}-server`, version: '1.0.0' },
    config_source: '/home/me/.config/mcp-hub/mcp.json',
    id: name,
    pid: 1234,
    restart: null,
    isolation: 'shared',
    instances: 0,
    hidden: [],
    estimatedTokens: 0,
    ...patch,
  };
}

type Handler = (input: never) => unknown;

/** A hub whose servers are whatever the test says; events are sent by the test. */
export function fakeHub(initial: ServerInfo[], handlers: Partial<Record<OperationName, Handler>> = {}) {
  const servers = new Map(initial.map((server) => [server.name, server]));
  const listeners = new Set<(event: HubEvent) => void>();
  const calls: { name: OperationName; input: unknown }[] = [];
  const client: HubClient = {
    invoke<N extends OperationName>(name: N, input: OperationInput<N>) {
      calls.push({ name, input });
      const handler = handlers[name];
      if (handler) return Promise.resolve().then(() => handler(input as never)) as never;
      if (name === 'listServers') return Promise.resolve({ servers: [...servers.values()] }) as never;
      if (name === 'getServer') {
        const server = servers.get((input as { server_name: string }).server_name);
        return (server ? Promise.resolve({ server }) : Promise.reject(new HubClientError({ code: 'SERVER_NOT_FOUND', message: 'not found', status: 404, data: {} }))) as never;
      }
      return new Promise(() => {}) as never;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onConnection(listener) {
      listener('open');
      return () => {};
    },
  };
  return {
    stores: createAppStores(client),
    calls,
    servers,
    /** Changes a server on the hub and announces it, as the hub does. */
    async update(server: ServerInfo, previous: ServerInfo['status'] = 'connected') {
      servers.set(server.name, server);
      await act(async () => {
        for (const listener of listeners) listener({ type: 'server_status', data: { server: server.name, status: server.status, previous, error: server.error } });
        await new Promise((resolve) => setTimeout(resolve, 0));
      });
    },
    async send(event: HubEvent) {
      await act(async () => {
        for (const listener of listeners) listener(event);
        await new Promise((resolve) => setTimeout(resolve, 0));
      });
    },
  };
}
