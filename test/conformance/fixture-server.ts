/**
 * MCP server (SDK v1, the 2025 era) implementing every tool, resource and prompt that the server
 * scenarios of @modelcontextprotocol/conformance 0.1.13 exercise, and the 2026-07-28 scenarios'
 * diagnostic tools (fixture-2026-tools.ts).
 *
 *   node --import tsx test/conformance/fixture-server.ts stdio
 *   node --import tsx test/conformance/fixture-server.ts http [--port 0]
 *
 * HTTP mode prints exactly one `LISTENING <url>` line on stdout once it accepts connections.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { NextFunction, Request, Response } from 'express';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { EventStore } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { PROMPTS_2026, TOGGLED_PROMPT, TOGGLED_TOOL, TOOLS_2026, type FixtureTool, type ToolContext } from './fixture-2026-tools.js';
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  CreateMessageResultSchema,
  ElicitResultSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  isInitializeRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type {
  CallToolResult,
  ElicitRequestFormParams,
  GetPromptResult,
  JSONRPCMessage,
  LoggingLevel,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  Tool,
} from '@modelcontextprotocol/sdk/types.js';


// 1x1 PNG; any valid image satisfies the scenarios.
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

/** 10 ms of 8 kHz mono 8-bit silence, built rather than inlined so the header fields are checkable. */
function silentWavBase64(): string {
  const sampleRate = 8000;
  const samples = 80;
  const buf = Buffer.alloc(44 + samples);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + samples, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate, 28); // byte rate = rate * channels * bytes per sample
  buf.writeUInt16LE(1, 32);
  buf.writeUInt16LE(8, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(samples, 40);
  buf.fill(0x80, 44); // 8-bit PCM is unsigned, so 0x80 is silence
  return buf.toString('base64');
}
const WAV_BASE64 = silentWavBase64();

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const EMPTY_OBJECT_SCHEMA: Tool['inputSchema'] = { type: 'object', properties: {} };

function text(value: string): CallToolResult {
  return { content: [{ type: 'text', text: value }] };
}

function toolError(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}

function stringArg(args: Record<string, unknown>, name: string): string {
  const value = args[name];
  if (typeof value !== 'string') throw new McpError(ErrorCode.InvalidParams, `Argument '${name}' must be a string`);
  return value;
}

async function elicit(ctx: ToolContext, params: ElicitRequestFormParams): Promise<CallToolResult | { action: string; content: unknown }> {
  if (!ctx.server.getClientCapabilities()?.elicitation) return toolError('Client does not support elicitation');
  // extra.sendRequest ties the request to the tool call, so over Streamable HTTP it rides the call's
  // own SSE stream instead of needing the client's standalone GET stream.
  const result = await ctx.extra.sendRequest({ method: 'elicitation/create', params }, ElicitResultSchema);
  return { action: result.action, content: result.content ?? {} };
}

function isToolResult(value: CallToolResult | { action: string; content: unknown }): value is CallToolResult {
  return 'isError' in value;
}

const TOOLS: FixtureTool[] = [
  {
    definition: { name: 'test_simple_text', description: 'Returns a simple text response', inputSchema: EMPTY_OBJECT_SCHEMA },
    run: async () => text('This is a simple text response for testing.'),
  },
  {
    definition: { name: 'test_image_content', description: 'Returns a PNG image', inputSchema: EMPTY_OBJECT_SCHEMA },
    run: async () => ({ content: [{ type: 'image', data: PNG_BASE64, mimeType: 'image/png' }] }),
  },
  {
    definition: { name: 'test_audio_content', description: 'Returns WAV audio', inputSchema: EMPTY_OBJECT_SCHEMA },
    run: async () => ({ content: [{ type: 'audio', data: WAV_BASE64, mimeType: 'audio/wav' }] }),
  },
  {
    definition: { name: 'test_embedded_resource', description: 'Returns an embedded text resource', inputSchema: EMPTY_OBJECT_SCHEMA },
    run: async () => ({
      content: [
        {
          type: 'resource',
          resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' },
        },
      ],
    }),
  },
  {
    definition: { name: 'test_multiple_content_types', description: 'Returns text, image and resource content', inputSchema: EMPTY_OBJECT_SCHEMA },
    run: async () => ({
      content: [
        { type: 'text', text: 'Multiple content types test:' },
        { type: 'image', data: PNG_BASE64, mimeType: 'image/png' },
        {
          type: 'resource',
          resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: JSON.stringify({ test: 'data', value: 123 }) },
        },
      ],
    }),
  },
  {
    definition: { name: 'test_tool_with_logging', description: 'Emits three info log messages while running', inputSchema: EMPTY_OBJECT_SCHEMA },
    run: async (_args, ctx) => {
      await ctx.log('info', 'Tool execution started');
      await sleep(50);
      await ctx.log('info', 'Tool processing data');
      await sleep(50);
      await ctx.log('info', 'Tool execution completed');
      return text('Tool with logging executed successfully');
    },
  },
  {
    definition: { name: 'test_error_handling', description: 'Always fails with isError: true', inputSchema: EMPTY_OBJECT_SCHEMA },
    run: async () => toolError('This tool intentionally returns an error for testing'),
  },
  {
    definition: { name: 'test_tool_with_progress', description: 'Reports progress 0, 50, 100 of 100', inputSchema: EMPTY_OBJECT_SCHEMA },
    run: async (_args, ctx) => {
      const progressToken = ctx.extra._meta?.progressToken;
      for (const progress of [0, 50, 100]) {
        if (progressToken !== undefined) {
          await ctx.extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress, total: 100 } });
        }
        if (progress < 100) await sleep(50);
      }
      return text('Tool with progress executed successfully');
    },
  },
  {
    definition: {
      name: 'test_sampling',
      description: 'Asks the client to sample an LLM completion',
      inputSchema: { type: 'object', properties: { prompt: { type: 'string', description: 'The prompt to send to the LLM' } }, required: ['prompt'] },
    },
    run: async (args, ctx) => {
      const prompt = stringArg(args, 'prompt');
      if (!ctx.server.getClientCapabilities()?.sampling) return toolError('Client does not support sampling');
      const result = await ctx.extra.sendRequest(
        { method: 'sampling/createMessage', params: { messages: [{ role: 'user', content: { type: 'text', text: prompt } }], maxTokens: 100 } },
        CreateMessageResultSchema,
      );
      const reply = result.content.type === 'text' ? result.content.text : `[${result.content.type}]`;
      return text(`LLM response: ${reply}`);
    },
  },
  {
    definition: {
      name: 'test_elicitation',
      description: 'Asks the client for a username and email',
      inputSchema: { type: 'object', properties: { message: { type: 'string', description: 'The message to show the user' } }, required: ['message'] },
    },
    run: async (args, ctx) => {
      const outcome = await elicit(ctx, {
        message: stringArg(args, 'message'),
        requestedSchema: {
          type: 'object',
          properties: {
            username: { type: 'string', description: "User's response" },
            email: { type: 'string', description: "User's email address" },
          },
          required: ['username', 'email'],
        },
      });
      if (isToolResult(outcome)) return outcome;
      return text(`User response: action=${outcome.action}, content=${JSON.stringify(outcome.content)}`);
    },
  },
  {
    definition: {
      name: 'test_elicitation_sep1034_defaults',
      description: 'Elicits a form whose primitive fields all carry defaults (SEP-1034)',
      inputSchema: EMPTY_OBJECT_SCHEMA,
    },
    run: async (_args, ctx) => {
      const outcome = await elicit(ctx, {
        message: 'Please review and update the form fields with defaults',
        requestedSchema: {
          type: 'object',
          properties: {
            name: { type: 'string', description: 'User name', default: 'John Doe' },
            age: { type: 'integer', description: 'User age', default: 30 },
            score: { type: 'number', description: 'User score', default: 95.5 },
            status: { type: 'string', description: 'User status', enum: ['active', 'inactive', 'pending'], default: 'active' },
            verified: { type: 'boolean', description: 'Verification status', default: true },
          },
        },
      });
      if (isToolResult(outcome)) return outcome;
      return text(`Elicitation completed: action=${outcome.action}, content=${JSON.stringify(outcome.content)}`);
    },
  },
  {
    definition: {
      name: 'test_elicitation_sep1330_enums',
      description: 'Elicits a form with every enum variant (SEP-1330)',
      inputSchema: EMPTY_OBJECT_SCHEMA,
    },
    run: async (_args, ctx) => {
      const outcome = await elicit(ctx, {
        message: 'Please select options from the enum fields',
        requestedSchema: {
          type: 'object',
          properties: {
            untitledSingle: { type: 'string', description: 'Untitled single-select', enum: ['option1', 'option2', 'option3'] },
            titledSingle: {
              type: 'string',
              description: 'Titled single-select',
              oneOf: [
                { const: 'value1', title: 'First Option' },
                { const: 'value2', title: 'Second Option' },
                { const: 'value3', title: 'Third Option' },
              ],
            },
            legacyEnum: {
              type: 'string',
              description: 'Legacy titled enum',
              enum: ['opt1', 'opt2', 'opt3'],
              enumNames: ['Option One', 'Option Two', 'Option Three'],
            },
            untitledMulti: {
              type: 'array',
              description: 'Untitled multi-select',
              items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
            },
            titledMulti: {
              type: 'array',
              description: 'Titled multi-select',
              items: {
                anyOf: [
                  { const: 'value1', title: 'First Choice' },
                  { const: 'value2', title: 'Second Choice' },
                  { const: 'value3', title: 'Third Choice' },
                ],
              },
            },
          },
        },
      });
      if (isToolResult(outcome)) return outcome;
      return text(`Elicitation completed: action=${outcome.action}, content=${JSON.stringify(outcome.content)}`);
    },
  },
  {
    definition: {
      name: 'json_schema_2020_12_tool',
      description: 'Tool with JSON Schema 2020-12 features',
      inputSchema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        $defs: { address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } } },
        properties: { name: { type: 'string' }, address: { $ref: '#/$defs/address' } },
        additionalProperties: false,
      },
    },
    run: async (args) => text(`JSON Schema 2020-12 tool called with: ${JSON.stringify(args)}`),
  },
  {
    definition: {
      name: 'test_reconnection',
      description: 'Closes its SSE stream mid-call so the client must resume with Last-Event-ID (SEP-1699)',
      inputSchema: EMPTY_OBJECT_SCHEMA,
    },
    run: async (_args, ctx) => {
      // closeSSEStream only exists over Streamable HTTP with an event store and a resumable client;
      // elsewhere the call simply completes on its own stream.
      if (ctx.extra.closeSSEStream) {
        await sleep(50);
        ctx.extra.closeSSEStream();
        // The result is stored while the client is away and replayed when it resumes.
        await sleep(200);
      }
      return text('Reconnection test completed');
    },
  },
  ...TOOLS_2026,
];

const RESOURCES: Array<{ resource: Resource; read: (uri: string) => ReadResourceResult }> = [
  {
    resource: { uri: 'test://static-text', name: 'Static Text Resource', description: 'A static text resource', mimeType: 'text/plain' },
    read: (uri) => ({ contents: [{ uri, mimeType: 'text/plain', text: 'This is the content of the static text resource.' }] }),
  },
  {
    resource: { uri: 'test://static-binary', name: 'Static Binary Resource', description: 'A static PNG image', mimeType: 'image/png' },
    read: (uri) => ({ contents: [{ uri, mimeType: 'image/png', blob: PNG_BASE64 }] }),
  },
  {
    resource: { uri: 'test://watched-resource', name: 'Watched Resource', description: 'A resource clients can subscribe to', mimeType: 'text/plain' },
    read: (uri) => ({ contents: [{ uri, mimeType: 'text/plain', text: 'Watched resource content' }] }),
  },
];

const RESOURCE_TEMPLATES: ResourceTemplate[] = [
  {
    uriTemplate: 'test://template/{id}/data',
    name: 'Template Resource',
    description: 'A resource template with an id parameter',
    mimeType: 'application/json',
  },
];
const TEMPLATE_PATTERN = /^test:\/\/template\/([^/]+)\/data$/;

const PROMPTS: Array<{ prompt: Prompt; get: (args: Record<string, string>) => GetPromptResult }> = [
  {
    prompt: { name: 'test_simple_prompt', description: 'A simple prompt without arguments' },
    get: () => ({ messages: [{ role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } }] }),
  },
  {
    prompt: {
      name: 'test_prompt_with_arguments',
      description: 'A prompt with two required arguments',
      arguments: [
        { name: 'arg1', description: 'First test argument', required: true },
        { name: 'arg2', description: 'Second test argument', required: true },
      ],
    },
    get: (args) => ({
      messages: [{ role: 'user', content: { type: 'text', text: `Prompt with arguments: arg1='${args.arg1 ?? ''}', arg2='${args.arg2 ?? ''}'` } }],
    }),
  },
  {
    prompt: {
      name: 'test_prompt_with_embedded_resource',
      description: 'A prompt that embeds a resource',
      arguments: [{ name: 'resourceUri', description: 'URI of the resource to embed', required: true }],
    },
    get: (args) => ({
      messages: [
        {
          role: 'user',
          content: {
            type: 'resource',
            resource: { uri: args.resourceUri ?? 'test://example-resource', mimeType: 'text/plain', text: 'Embedded resource content for testing.' },
          },
        },
        { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
      ],
    }),
  },
  {
    prompt: { name: 'test_prompt_with_image', description: 'A prompt with image content' },
    get: () => ({
      messages: [
        { role: 'user', content: { type: 'image', data: PNG_BASE64, mimeType: 'image/png' } },
        { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
      ],
    }),
  },
];

const COMPLETIONS: Record<string, string[]> = {
  arg1: ['paris', 'park', 'party'],
  arg2: ['world', 'wonder', 'wander'],
  id: ['123', '456', '789'],
};

const LOG_LEVELS: LoggingLevel[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];

/** One MCP server instance; HTTP mode needs one per session because a Server binds to a single transport. */
export function createFixtureServer(): Server {
  const server = new Server(
    { name: 'mcp-hub-conformance-fixture', version: '1.0.0' },
    {
      capabilities: {
        tools: { listChanged: true },
        resources: { subscribe: true },
        prompts: { listChanged: true },
        logging: {},
        completions: {},
      },
    },
  );

  // Tracked here rather than by the SDK because tool logs go through extra.sendNotification
  // (bound to the tool call's stream), which bypasses the SDK's own level filter.
  let minLevel: LoggingLevel = 'debug';
  const subscriptions = new Set<string>();

  server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    minLevel = request.params.level;
    return {};
  });

  const toggled = { tools: false, prompts: false };
  const toggle = async (list: 'tools' | 'prompts'): Promise<void> => {
    toggled[list] = !toggled[list];
    if (list === 'tools') await server.sendToolListChanged();
    else await server.sendPromptListChanged();
  };

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [...TOOLS.map((t) => t.definition), ...(toggled.tools ? [TOGGLED_TOOL] : [])],
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = TOOLS.find((t) => t.definition.name === request.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    const log = async (level: LoggingLevel, data: string): Promise<void> => {
      if (LOG_LEVELS.indexOf(level) < LOG_LEVELS.indexOf(minLevel)) return;
      await extra.sendNotification({ method: 'notifications/message', params: { level, logger: 'conformance-fixture', data } });
    };
    return tool.run(request.params.arguments ?? {}, { server, extra, log, toggle });
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: RESOURCES.map((r) => r.resource) }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({ resourceTemplates: RESOURCE_TEMPLATES }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const { uri } = request.params;
    const fixed = RESOURCES.find((r) => r.resource.uri === uri);
    if (fixed) return fixed.read(uri);
    const match = TEMPLATE_PATTERN.exec(uri);
    if (match?.[1] !== undefined) {
      const id = decodeURIComponent(match[1]);
      return {
        contents: [{ uri, mimeType: 'application/json', text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }) }],
      };
    }
    throw new McpError(ErrorCode.InvalidParams, `Resource not found: ${uri}`);
  });
  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    subscriptions.add(request.params.uri);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    subscriptions.delete(request.params.uri);
    return {};
  });

  server.setRequestHandler(ListPromptsRequestSchema, async () => ({
    prompts: [...PROMPTS, ...PROMPTS_2026].map((p) => p.prompt).concat(toggled.prompts ? [TOGGLED_PROMPT] : []),
  }));
  server.setRequestHandler(GetPromptRequestSchema, async (request, extra) => {
    const asking = PROMPTS_2026.find((p) => p.prompt.name === request.params.name);
    if (asking) return asking.get(request.params.arguments ?? {}, extra);
    const entry = PROMPTS.find((p) => p.prompt.name === request.params.name);
    if (!entry) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${request.params.name}`);
    const args = request.params.arguments ?? {};
    const missing = (entry.prompt.arguments ?? []).filter((a) => a.required && args[a.name] === undefined).map((a) => a.name);
    if (missing.length > 0) throw new McpError(ErrorCode.InvalidParams, `Missing required arguments: ${missing.join(', ')}`);
    return entry.get(args);
  });

  server.setRequestHandler(CompleteRequestSchema, async (request) => {
    const candidates = COMPLETIONS[request.params.argument.name] ?? [];
    const prefix = request.params.argument.value.toLowerCase();
    const values = candidates.filter((c) => c.startsWith(prefix));
    return { completion: { values, total: values.length, hasMore: false } };
  });

  return server;
}

/**
 * Per-session event store so SSE streams are resumable (priming events, Last-Event-ID replay);
 * it dies with its session, so the fixture does not accumulate events across sessions.
 */
class SessionEventStore implements EventStore {
  private readonly events: Array<{ id: string; streamId: string; message: JSONRPCMessage }> = [];
  private seq = 0;

  async storeEvent(streamId: string, message: JSONRPCMessage): Promise<string> {
    const id = `${streamId}:${++this.seq}`;
    this.events.push({ id, streamId, message });
    // Bounded because a long-lived session (e.g. behind the hub) would otherwise grow without limit.
    if (this.events.length > 1000) this.events.shift();
    return id;
  }

  async getStreamIdForEventId(eventId: string): Promise<string | undefined> {
    return this.events.find((e) => e.id === eventId)?.streamId;
  }

  async replayEventsAfter(
    lastEventId: string,
    { send }: { send: (eventId: string, message: JSONRPCMessage) => Promise<void> },
  ): Promise<string> {
    const index = this.events.findIndex((e) => e.id === lastEventId);
    const last = this.events[index];
    if (!last) return '';
    for (const event of this.events.slice(index + 1)) {
      if (event.streamId === last.streamId) await send(event.id, event.message);
    }
    return last.streamId;
  }
}

const LOCAL_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * createMcpExpressApp already rejects foreign Host headers; browsers also send Origin, and the
 * spec requires validating it too, since a rebinding page can present a localhost Host.
 */
function originGuard(req: Request, res: Response, next: NextFunction): void {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let hostname: string | undefined;
    try {
      hostname = new URL(origin).hostname;
    } catch {
      hostname = undefined;
    }
    if (hostname === undefined || !LOCAL_HOSTNAMES.has(hostname)) {
      res.status(403).json({ jsonrpc: '2.0', error: { code: -32000, message: `Invalid Origin: ${origin}` }, id: null });
      return;
    }
  }
  next();
}

function jsonRpcError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}

export async function startHttp(port: number): Promise<{ url: string; close: () => Promise<void> }> {
  const app = createMcpExpressApp({ host: '127.0.0.1' });
  app.use(originGuard);

  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; server: Server }>();

  app.all('/mcp', async (req: Request, res: Response) => {
    try {
      const sessionHeader = req.headers['mcp-session-id'];
      const sessionId = Array.isArray(sessionHeader) ? sessionHeader[0] : sessionHeader;
      if (sessionId !== undefined) {
        const session = sessions.get(sessionId);
        if (!session) return jsonRpcError(res, 404, -32001, 'Session not found');
        await session.transport.handleRequest(req, res, req.body);
        return;
      }
      if (req.method !== 'POST' || !isInitializeRequest(req.body)) {
        return jsonRpcError(res, 400, -32000, 'Bad Request: No valid session ID provided');
      }
      const server = createFixtureServer();
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        eventStore: new SessionEventStore(),
        // Sent in priming events; short so resuming clients do not stall the suite.
        retryInterval: 500,
        onsessioninitialized: (id) => {
          sessions.set(id, { transport, server });
        },
      });
      transport.onclose = () => {
        if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
      };
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    } catch (err) {
      process.stderr.write(`fixture: request failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      if (!res.headersSent) jsonRpcError(res, 500, -32603, 'Internal server error');
    }
  });

  const httpServer = createServer(app);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, '127.0.0.1', () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const { port: actualPort } = httpServer.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${actualPort}/mcp`,
    close: async () => {
      await Promise.allSettled([...sessions.values()].map(async ({ server }) => server.close()));
      sessions.clear();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

export async function startStdio(): Promise<Server> {
  const server = createFixtureServer();
  await server.connect(new StdioServerTransport());
  return server;
}

function parsePort(argv: string[]): number {
  const i = argv.indexOf('--port');
  if (i === -1) return 0;
  const port = Number(argv[i + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port: ${argv[i + 1] ?? '(missing)'}`);
  return port;
}

async function main(argv: string[]): Promise<void> {
  const mode = argv[0];
  if (mode === 'stdio') {
    const server = await startStdio();
    server.onclose = () => process.exit(0);
    return;
  }
  if (mode === 'http') {
    const { url, close } = await startHttp(parsePort(argv));
    const shutdown = (): void => {
      void close().finally(() => process.exit(0));
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
    process.stdout.write(`LISTENING ${url}\n`);
    return;
  }
  process.stderr.write('usage: fixture-server.ts stdio | http [--port <n>]\n');
  process.exit(2);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`fixture: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  });
}
