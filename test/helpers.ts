import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { FULL_VIEW_HEADER, type OperationResult } from '../shared/contract.js';
import { HubApp, type HubAppOptions } from '../main/hub/compose.js';
import { SseParser } from '../shared/sse.js';

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** Entry points of the real MCP servers installed from npm (never downloaded at test time). */
export const SERVERS = {
  everything: join(packageDir('@modelcontextprotocol/server-everything'), 'dist', 'index.js'),
  memory: join(packageDir('@modelcontextprotocol/server-memory'), 'dist', 'index.js'),
  filesystem: join(packageDir('@modelcontextprotocol/server-filesystem'), 'dist', 'index.js'),
};

export const node = process.execPath;

export async function tempDir(prefix = 'mcp-hub-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function writeConfig(dir: string, servers: Record<string, unknown>, file = 'mcp.json'): Promise<string> {
  const path = join(dir, file);
  await writeFile(path, JSON.stringify({ mcpServers: servers }, null, 2));
  return path;
}

/** A restart policy fast enough for tests, with the same shape as the real one. */
export const FAST_RESTARTS = { initialDelayMs: 100, maxDelayMs: 400, maxAttempts: 3, stableAfterMs: 60_000 };

export async function startHub(configFiles: string[], options: Partial<HubAppOptions> = {}): Promise<HubApp> {
  const hub = new HubApp({ configFiles, port: 0, restartPolicy: FAST_RESTARTS, ...options });
  await hub.start();
  await hub.whenReady();
  return hub;
}

/** The hub's health, asked through its front door as any in-process caller would. */
export async function health(hub: HubApp): Promise<OperationResult<'health'>> {
  return hub.service.client().invoke('health', {});
}

export type TransportKind = 'streamable' | 'sse';

export async function connectClient(
  url: string,
  kind: TransportKind = 'streamable',
  options: { capabilities?: ClientCapabilities; headers?: Record<string, string>; setup?: (client: Client) => void } = {},
): Promise<Client> {
  const client = new Client({ name: 'test-client', version: '1.0.0' }, { capabilities: options.capabilities ?? {} });
  options.setup?.(client);
  const requestInit = { headers: options.headers ?? {} };
  const transport =
    kind === 'streamable'
      ? new StreamableHTTPClientTransport(new URL(url), { requestInit })
      : new SSEClientTransport(new URL(url), { requestInit });
  await client.connect(transport);
  return client;
}

/** Polls until `check` returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Whether a process is running; a zombie (exited, not yet reaped by init) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // Field 3 of /proc/<pid>/stat is the state; these machines are Linux.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

export interface RemoteServer {
  port: number;
  pid: number;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** server-everything in one of its HTTP modes, as a remote server on 127.0.0.1. */
export async function startRemoteEverything(mode: 'streamableHttp' | 'sse', port = 0): Promise<RemoteServer> {
  const { spawn } = await import('node:child_process');
  const preload = new URL('./fixtures/loopback-only.mjs', import.meta.url).pathname;
  const child = spawn(node, ['--import', preload, SERVERS.everything, mode], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const actualPort = await new Promise<number>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /LOOPBACK_PORT (\d+)/.exec(stderr);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`server-everything ${mode} exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    port: actualPort,
    pid: child.pid!,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** The command of a TypeScript fixture server in test/fixtures, run through tsx. */
export function fixtureServer(file: string): { command: string; args: string[] } {
  return { command: node, args: ['--import', 'tsx', new URL(`./fixtures/${file}`, import.meta.url).pathname] };
}

/**
 * The plain-JavaScript fixture server (test/fixtures/tool-server.mjs), which starts as fast as node
 * does; `env` as in its header (SPAWN_LOG, TOOL_COUNT, EXTRA_TOOL_FILE, SERVER_NAME).
 */
export function toolServer(env: Record<string, string> = {}): { command: string; args: string[]; env: Record<string, string> } {
  return { command: node, args: [new URL('./fixtures/tool-server.mjs', import.meta.url).pathname], env };
}

/** How many processes wrote to a fixture's SPAWN_LOG (each start of the fixture is one line). */
export function spawnCount(file: string): number {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
}

export interface SseFrame {
  id?: string;
  event: string;
  data: Record<string, unknown>;
}

export interface EventStreamReader {
  frames: SseFrame[];
  /** Frames with an id (heartbeats and the first hub_state snapshot have none). */
  numbered(): SseFrame[];
  close(): void;
}

/** Reads `/api/events` as an SSE client would, optionally resuming after `lastEventId`. */
export async function openEventStream(url: string, options: { lastEventId?: string; headers?: Record<string, string> } = {}): Promise<EventStreamReader> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...options.headers, ...(options.lastEventId && { 'last-event-id': options.lastEventId }) },
    signal: controller.signal,
  });
  if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
  const frames: SseFrame[] = [];
  // The UI's own parser: what the tests read is what the browser UI reads.
  const parser = new SseParser((frame) => {
    frames.push({ ...(frame.id !== undefined && { id: frame.id }), event: frame.event, data: JSON.parse(frame.data) as Record<string, unknown> });
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        parser.push(value);
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    frames,
    numbered: () => frames.filter((frame) => frame.id !== undefined),
    close: () => controller.abort(),
  };
}

/** The header the hub's own UI sends for the full view (its statuses, its marketplace entries) instead of mcp-hub v4's. */
export const FULL_VIEW = { [FULL_VIEW_HEADER]: 'full' };

/**
 * A REST call to a hub: GET without a body, POST with one (or with `raw` text as the body).
 * Returns the status and the parsed JSON answer.
 */
export async function callApi(
  baseUrl: string,
  path: string,
  body?: unknown,
  options: { raw?: string; headers?: Record<string, string>; method?: 'GET' | 'POST' } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const method = options.method ?? (body === undefined && options.raw === undefined ? 'GET' : 'POST');
  const res = await fetch(`${baseUrl}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
