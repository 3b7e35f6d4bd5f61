import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * mcphub.nvim 6.2.0's side of its conversation with mcp-hub, replayed step for step from the
 * plugin's Lua (github.com/ravitemer/mcphub.nvim, lua/mcphub/init.lua, hub.lua,
 * utils/workspace.lua, utils/validation.lua, utils/handlers.lua, utils/version.lua): the version
 * check at setup, the health check and the reuse of a running hub through workspaces.json, the
 * launch flags, the REST calls with their bodies and headers, and its SSE parsing rule. Line
 * references are to hub.lua unless said otherwise. Global (non-workspace) mode, as by default.
 */

/** utils/version.lua: REQUIRED_NODE_VERSION. */
export const REQUIRED_VERSION = { major: 4, minor: 2, string: '4.2.1' };

export interface PluginOptions {
  /** `config.cmd` and `config.cmdArgs`: how the plugin runs `mcp-hub`. */
  cmd: string;
  cmdArgs: string[];
  port: number;
  /** `config.config`: the plugin's servers file (absolute, as `vim.fn.expand` makes it). */
  config: string;
  /** `config.shutdown_delay`, in ms. */
  shutdownDelay: number;
  /** The environment nvim runs in (HOME and XDG_STATE_HOME decide where workspaces.json is). */
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface PluginServer {
  name: string;
  status: string;
  error?: string | null;
  capabilities: { tools: { name: string }[]; resources: { uri: string }[]; resourceTemplates: unknown[]; prompts: { name: string }[] };
  [field: string]: unknown;
}

type HubState = 'starting' | 'ready' | 'restarting' | 'restarted' | 'stopping' | 'stopped' | 'error';

export class McphubNvim {
  /** `State.server_state.state`. */
  state: HubState = 'stopped';
  ready = false;
  isRestarting = false;
  isStarting = false;
  servers: PluginServer[] = [];
  workspaces: Record<string, unknown> = {};
  marketplace: { status: 'empty' | 'loading' | 'loaded' | 'error'; items: Record<string, unknown>[] } = { status: 'empty', items: [] };
  /** Blocks the plugin logged as "Malformed SSE event" and dropped. */
  readonly malformed: string[] = [];
  /** Every SSE event it accepted, in order. */
  readonly events: { event: string; data: Record<string, unknown> }[] = [];
  /** Every REST call it made, in order (`METHOD path`). */
  readonly requests: string[] = [];
  /** `State:add_error`. */
  readonly errors: string[] = [];
  /** The `mcp-hub` processes it launched. */
  readonly launched: ChildProcess[] = [];
  private sse: AbortController | undefined;

  constructor(private readonly options: PluginOptions) {}

  /** init.lua: `cmd cmdArgs --version`, then validation.validate_version; throws what the plugin would show. */
  setup(): void {
    const run = spawnSync(this.options.cmd, [...this.options.cmdArgs, '--version'], { env: this.options.env, encoding: 'utf8' });
    if (run.status !== 0) throw new Error('mcp-hub exited with non-zero code. Please verify your installation.');
    const found = run.stdout.split('\n')[0] ?? '';
    const match = /(\d+)\.(\d+)\.(\d+)/.exec(found);
    if (!match) throw new Error(`Invalid version format: ${found}`);
    if (Number(match[1]) !== REQUIRED_VERSION.major || Number(match[2]) < REQUIRED_VERSION.minor) {
      throw new Error(`Incompatible mcp-hub version. Found ${found}, required ${REQUIRED_VERSION.string}`);
    }
  }

  /** MCPHub:start (line ~300). */
  async start(): Promise<void> {
    if (this.isStarting) return;
    this.state = 'starting';
    this.isRestarting = false;
    this.isStarting = true;
    const existing = this.workspaceHubInfo();
    const { running, isHub, sameVersion } = await this.checkServer();
    if (running) {
      if (!isHub) return this.stopped('Port in use by non-MCP Hub server');
      if (!sameVersion) return this.sameportDifferentConfig();
      if (!existing) return this.sameportDifferentConfig();
      if (Array.isArray(existing['config_files'])) {
        if (JSON.stringify(existing['config_files']) === JSON.stringify([this.options.config])) return void this.connectSse();
        return this.sameportDifferentConfig();
      }
      return void this.connectSse();
    }
    this.launch();
  }

  /** The plugin's tools, as offered to chats: only `connected` servers' (MCPHub:get_servers). */
  toolsOffered(): string[] {
    if (!this.ready) return [];
    return this.servers.filter((server) => server.status === 'connected').flatMap((server) => server.capabilities.tools.map((tool) => `${server.name}/${tool.name}`));
  }

  callTool(server: string, tool: string, args: Record<string, unknown>) {
    return this.api('POST', 'servers/tools', { body: { server_name: server, tool, arguments: args, request_options: { timeout: 60_000 } } });
  }

  accessResource(server: string, uri: string) {
    return this.api('POST', 'servers/resources', { body: { server_name: server, uri, request_options: { timeout: 60_000 } } });
  }

  getPrompt(server: string, prompt: string, args: Record<string, unknown>) {
    return this.api('POST', 'servers/prompts', { body: { server_name: server, prompt, arguments: args, request_options: { timeout: 60_000 } } });
  }

  /** stop_mcp_server(name, disable, {via_curl_request = true}): the config file first, then the REST call, then a refresh. */
  async stopServer(name: string, disable: boolean) {
    await this.setDisabled(name, disable);
    const reply = await this.api('POST', 'servers/stop', { ...(disable && { query: { disable: 'true' } }), body: { server_name: name } });
    await this.refresh();
    return reply;
  }

  async startServer(name: string) {
    await this.setDisabled(name, false);
    const reply = await this.api('POST', 'servers/start', { body: { server_name: name } });
    await this.refresh();
    return reply;
  }

  /** hard_refresh. */
  async hardRefresh() {
    const reply = await this.api('GET', 'refresh');
    if (reply.ok) this.updateServers(reply.json);
    return reply;
  }

  /** restart: `:MCPHub` → R. */
  restart() {
    this.isRestarting = true;
    return this.api('POST', 'hard-restart');
  }

  /** Closing nvim: VimLeavePre → hub:stop(). */
  stop(): void {
    this.stopSse();
    this.cleanUp();
  }

  // ---- what the plugin does on its own ----

  /** workspace.get_workspace_hub_info(port): the entry for the port, if its process runs. */
  private workspaceHubInfo(): Record<string, unknown> | undefined {
    const home = this.options.env['HOME']!;
    const legacy = join(home, '.mcp-hub', 'workspaces.json');
    const file = existsSync(legacy) ? legacy : join(this.options.env['XDG_STATE_HOME'] ?? join(home, '.local', 'state'), 'mcp-hub', 'workspaces.json');
    if (!existsSync(file)) return undefined;
    const cache = JSON.parse(readFileSync(file, 'utf8') || '{}') as Record<string, Record<string, unknown>>;
    const entry = cache[String(this.options.port)];
    if (!entry || typeof entry['pid'] !== 'number') return undefined;
    try {
      process.kill(entry['pid'], 0);
    } catch {
      return undefined;
    }
    return entry;
  }

  /** check_server: GET /api/health with a 3 s timeout. */
  private async checkServer(): Promise<{ running: boolean; isHub: boolean; sameVersion: boolean }> {
    const reply = await this.api('GET', 'health', { skipReadyCheck: true, timeoutMs: 3_000, quietError: true });
    if (!reply.ok) return { running: false, isHub: false, sameVersion: false };
    const json = reply.json;
    return { running: true, isHub: json['server_id'] === 'mcp-hub' && json['status'] === 'ok', sameVersion: json['version'] === REQUIRED_VERSION.string };
  }

  /** handle_same_port_different_config: hard-restart whatever runs there, then launch our own. */
  private async sameportDifferentConfig(): Promise<void> {
    const reply = await this.api('POST', 'hard-restart', { skipReadyCheck: true });
    if (!reply.ok) return;
    this.launch();
  }

  /** _start_server_with_context: the launch flags, then connect_sse on_start. */
  private launch(): void {
    const args = [
      ...this.options.cmdArgs,
      '--port',
      String(this.options.port),
      '--config',
      this.options.config,
      '--auto-shutdown',
      '--shutdown-delay',
      String(this.options.shutdownDelay),
      '--watch',
    ];
    const child = spawn(this.options.cmd, args, { cwd: this.options.cwd, env: { ...this.options.env, CWD: this.options.cwd }, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.resume();
    child.on('error', () => {});
    this.launched.push(child);
    child.once('spawn', () => void this.connectSse());
  }

  /**
   * connect_sse: `curl --no-buffer --retry 5 --retry-delay 1 --retry-connrefused .../api/events`;
   * a block counts only if it starts with `event: ` and has a `data: ` line.
   */
  private async connectSse(): Promise<void> {
    if (this.sse) return;
    const controller = new AbortController();
    this.sse = controller;
    let response: Response | undefined;
    for (let attempt = 0; attempt <= 5 && !response; attempt++) {
      try {
        response = await fetch(`${this.baseUrl()}/api/events`, { signal: controller.signal });
      } catch {
        if (controller.signal.aborted) return;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
    if (!response?.body) return this.sseExited();
    let buffer = '';
    const decoder = new TextDecoder();
    let partial = '';
    try {
      for await (const chunk of response.body) {
        // plenary's Job hands over whole lines; the plugin appends "\n" to each.
        partial += decoder.decode(chunk as Uint8Array, { stream: true });
        const lines = partial.split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          buffer += `${line}\n`;
          for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*?)\n/.exec(block)?.[1];
            const data = /\ndata: ([^\r\n]+)/.exec(block)?.[1];
            if (event === undefined || data === undefined) {
              this.malformed.push(block);
              continue;
            }
            this.handleSseEvent(event, JSON.parse(data) as Record<string, unknown>);
          }
        }
      }
    } catch {
      // Aborted by stop_sse, or the hub went away.
    }
    if (this.sse === controller) this.sseExited();
  }

  /** The SSE job's on_exit. */
  private sseExited(): void {
    this.sse = undefined;
    this.stopped('SSE connection failed');
  }

  private stopSse(): void {
    const sse = this.sse;
    this.sse = undefined;
    sse?.abort();
  }

  /** handlers.SSEHandlers.handle_sse_event. */
  private handleSseEvent(event: string, data: Record<string, unknown>): void {
    this.events.push({ event, data });
    if (event === 'hub_state') {
      const state = data['state'] as HubState | undefined;
      if (state) this.state = state;
      if (state === 'error') this.stopped(`Hub entered error state: ${String(data['message'])}`);
      else if (state === 'stopping') {
        if (this.isRestarting) setTimeout(() => void this.start(), 1_000);
      } else if (state === 'stopped') this.stopped('Hub stopped');
      else if (state === 'restarting') this.isRestarting = true;
      else if (state === 'ready' || state === 'restarted') void this.hubReady();
    } else if (event === 'subscription_event') {
      const type = data['type'];
      if (type === 'tool_list_changed' || type === 'resource_list_changed' || type === 'prompt_list_changed') this.capabilityUpdate(data);
      else if (type === 'servers_updating' || type === 'servers_updated' || type === 'workspaces_updated') void this.refresh();
    } else if (event === 'log' && data['type'] === 'error') {
      this.errors.push(String(data['message']));
    }
  }

  /** handle_hub_ready. */
  private async hubReady(): Promise<void> {
    this.ready = true;
    this.isRestarting = false;
    this.isStarting = false;
    await this.refresh();
    if (this.marketplace.status === 'empty') await this.loadMarketplace();
  }

  /** handle_capability_updates. */
  private capabilityUpdate(data: Record<string, unknown>): void {
    const fields = { tool_list_changed: ['tools'], resource_list_changed: ['resources', 'resourceTemplates'], prompt_list_changed: ['prompts'] }[
      data['type'] as 'tool_list_changed'
    ];
    const server = this.servers.find((s) => s.name === data['server']);
    if (!server) return;
    for (const field of fields) (server.capabilities as Record<string, unknown>)[field] = data[field] ?? [];
  }

  /** get_marketplace_catalog. */
  async loadMarketplace(): Promise<void> {
    this.marketplace.status = 'loading';
    const reply = await this.api('GET', 'marketplace', { query: {} });
    this.marketplace = reply.ok ? { status: 'loaded', items: (reply.json['servers'] as Record<string, unknown>[]) ?? [] } : { status: 'error', items: [] };
  }

  /** refresh → update_servers(nil): GET /api/health, then servers and workspaces from it. */
  async refresh(): Promise<void> {
    const reply = await this.api('GET', 'health');
    if (reply.ok) this.updateServers(reply.json);
  }

  private updateServers(json: Record<string, unknown>): void {
    if (Array.isArray(json['servers'])) this.servers = json['servers'] as PluginServer[];
    if (json['workspaces']) this.workspaces = json['workspaces'] as Record<string, unknown>;
  }

  private stopped(message: string): void {
    this.errors.push(message);
    this.cleanUp();
  }

  /** _clean_up. */
  private cleanUp(): void {
    this.ready = false;
    this.isStarting = false;
    this.isRestarting = false;
    this.stopSse();
    this.state = 'stopped';
  }

  /** config_manager.update_server_config(name, {disabled = …}): the plugin edits the file itself. */
  private async setDisabled(name: string, disabled: boolean): Promise<void> {
    const file = JSON.parse(await readFile(this.options.config, 'utf8')) as { mcpServers: Record<string, Record<string, unknown>> };
    const entry = file.mcpServers[name];
    if (!entry) return;
    entry['disabled'] = disabled;
    await writeFile(this.options.config, JSON.stringify(file, null, 2));
  }

  private baseUrl(): string {
    return `http://localhost:${this.options.port}`;
  }

  /** api_request: JSON headers always; an HTTP status ≥ 400 is an error with the envelope's `error`. */
  async api(
    method: 'GET' | 'POST',
    path: string,
    opts: { body?: unknown; query?: Record<string, string>; skipReadyCheck?: boolean; timeoutMs?: number; quietError?: boolean } = {},
  ): Promise<{ ok: true; json: Record<string, unknown> } | { ok: false; error: string }> {
    if (!opts.skipReadyCheck && !this.ready && path !== 'health') return this.fail('MCP Hub not ready', opts.quietError);
    const query = opts.query && Object.keys(opts.query).length > 0 ? `?${Object.entries(opts.query).map(([k, v]) => `${k}=${v}`).join('&')}` : '';
    this.requests.push(`${method} /api/${path}${query}`);
    try {
      const res = await fetch(`${this.baseUrl()}/api/${path}${query}`, {
        method,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        ...(opts.body !== undefined && { body: JSON.stringify(opts.body) }),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 65_000),
      });
      const text = await res.text();
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return this.fail(res.status >= 400 ? `Server error (${res.status})` : 'Invalid response: Not JSON', opts.quietError);
      }
      if (res.status >= 400) return this.fail(typeof json['error'] === 'string' ? json['error'] : `Server error (${res.status})`, opts.quietError);
      return { ok: true, json };
    } catch (error) {
      return this.fail(`Request failed: ${String(error)}`, opts.quietError);
    }
  }

  private fail(error: string, quiet = false): { ok: false; error: string } {
    if (!quiet) this.errors.push(error);
    return { ok: false, error };
  }
}
