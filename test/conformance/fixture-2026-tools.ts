/**
 * The diagnostic tools and prompt that the 2026-07-28 server scenarios of conformance
 * 0.2.0-alpha.12 call, written the 2025 way: where a scenario wants an `input_required` result,
 * the tool asks its client (elicitation, sampling, roots) during the call through the SDK v1
 * server. Behind the hub the question reaches a 2026-07-28 client as `input_required`, so the
 * scenario tests the hub's translation (main/hub/endpoint/multi-round.ts), not this fixture.
 * Directly, a 2025 client answers the questions on the call's stream.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { CreateMessageResultSchema, ElicitResultSchema, ListRootsResultSchema } from '@modelcontextprotocol/sdk/types.js';
import type {
  CallToolResult,
  ElicitRequestFormParams,
  GetPromptResult,
  LoggingLevel,
  Prompt,
  ServerNotification,
  ServerRequest,
  Tool,
} from '@modelcontextprotocol/sdk/types.js';

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface ToolContext {
  server: Server;
  extra: Extra;
  log: (level: LoggingLevel, data: string) => Promise<void>;
  /** Adds or removes one tool or prompt of the server's, and says so with list_changed. */
  toggle: (list: 'tools' | 'prompts') => Promise<void>;
}

export interface FixtureTool {
  definition: Tool;
  run: (args: Record<string, unknown>, ctx: ToolContext) => Promise<CallToolResult>;
}

const NO_ARGUMENTS: Tool['inputSchema'] = { type: 'object', properties: {} };

const text = (value: string): CallToolResult => ({ content: [{ type: 'text', text: value }] });

function form(message: string, property: string, type: 'string' | 'boolean'): ElicitRequestFormParams {
  const field = type === 'string' ? { type: 'string' as const } : { type: 'boolean' as const };
  return { message, requestedSchema: { type: 'object', properties: { [property]: field }, required: [property] } };
}

async function elicit(extra: Extra, params: ElicitRequestFormParams): Promise<Record<string, unknown>> {
  // extra.sendRequest ties the question to the call, so it travels on the call's own stream.
  const result = await extra.sendRequest({ method: 'elicitation/create', params }, ElicitResultSchema);
  return result.action === 'accept' ? (result.content ?? {}) : {};
}

async function sample(extra: Extra, prompt: string, maxTokens: number): Promise<string> {
  const result = await extra.sendRequest(
    { method: 'sampling/createMessage', params: { messages: [{ role: 'user', content: { type: 'text', text: prompt } }], maxTokens } },
    CreateMessageResultSchema,
  );
  return result.content.type === 'text' ? result.content.text : `[${result.content.type}]`;
}

async function roots(extra: Extra): Promise<string[]> {
  const result = await extra.sendRequest({ method: 'roots/list' }, ListRootsResultSchema);
  return result.roots.map((root) => root.uri);
}

function tool(name: string, description: string, run: FixtureTool['run'], inputSchema: Tool['inputSchema'] = NO_ARGUMENTS): FixtureTool {
  return { definition: { name, description, inputSchema }, run };
}

/** Asks for the user's name by elicitation, greets them. */
const greet = async (_args: Record<string, unknown>, { extra }: ToolContext): Promise<CallToolResult> => {
  const { name } = await elicit(extra, form('What is your name?', 'name', 'string'));
  return text(`Hello, ${String(name)}!`);
};

/** Asks for a confirmation; the answer reaching the same call is what "state-ok" confirms. */
const confirm = async (_args: Record<string, unknown>, { extra }: ToolContext): Promise<CallToolResult> => {
  const { ok } = await elicit(extra, form('Please confirm', 'ok', 'boolean'));
  return text(`state-ok: confirmed=${String(ok)}`);
};

export const TOOLS_2026: FixtureTool[] = [
  tool('test_input_required_result_elicitation', 'Asks the user for their name (elicitation) and greets them', greet),
  tool('test_input_required_result_sampling', 'Asks the client to sample an answer to a question', async (_args, { extra }) =>
    text(`LLM response: ${await sample(extra, 'What is the capital of France?', 100)}`),
  ),
  tool('test_input_required_result_list_roots', "Lists the client's roots", async (_args, { extra }) =>
    text(`Client roots: ${(await roots(extra)).join(', ')}`),
  ),
  tool('test_input_required_result_request_state', 'Asks for a confirmation', confirm),
  tool('test_input_required_result_tampered_state', 'Asks for a confirmation', confirm),
  tool('test_input_required_result_multiple_inputs', 'Asks an elicitation, a sampling and the roots at once', async (_args, { extra }) => {
    const [answer, greeting, uris] = await Promise.all([
      elicit(extra, form('What is your name?', 'name', 'string')),
      sample(extra, 'Generate a greeting', 50),
      roots(extra),
    ]);
    return text(`${greeting} name=${String(answer.name)} roots=${uris.join(', ')}`);
  }),
  tool('test_input_required_result_multi_round', 'Asks two questions, one after the other', async (_args, { extra }) => {
    const { name } = await elicit(extra, form('Step 1: What is your name?', 'name', 'string'));
    const { color } = await elicit(extra, form('Step 2: What is your favorite color?', 'color', 'string'));
    return text(`${String(name)} likes ${String(color)}`);
  }),
  tool('test_input_required_result_capabilities', 'Asks by sampling and by elicitation; what the client cannot answer is left out', async (_args, { extra }) => {
    const [sampled, elicited] = await Promise.allSettled([
      sample(extra, 'Say hello', 20),
      elicit(extra, form('What is your name?', 'name', 'string')),
    ]);
    const show = (r: PromiseSettledResult<unknown>): string => (r.status === 'fulfilled' ? JSON.stringify(r.value) : 'not asked');
    return text(`sampling: ${show(sampled)}; elicitation: ${show(elicited)}`);
  }),
  tool('test_missing_capability', 'Needs sampling to run', async (_args, { extra }) => text(`LLM response: ${await sample(extra, 'Say hello', 20)}`)),
  tool('test_streaming_elicitation', 'Asks the user for their name while the call is open', greet),
  tool('test_logging_tool', 'Logs while it runs', async (_args, { log }) => {
    await log('info', 'test_logging_tool ran');
    return text('Logged');
  }),
  tool('test_trigger_tool_change', 'Adds or removes a tool, so the tool list changes', async (_args, { toggle }) => {
    await toggle('tools');
    return text('The tool list changed');
  }),
  tool('test_trigger_prompt_change', 'Adds or removes a prompt, so the prompt list changes', async (_args, { toggle }) => {
    await toggle('prompts');
    return text('The prompt list changed');
  }),
  tool(
    'test_custom_header',
    'Its region argument is mirrored in the Mcp-Param-Region header (SEP-2243)',
    async (args) => text(`region=${String(args.region)}`),
    { type: 'object', properties: { region: { type: 'string', 'x-mcp-header': 'Region' } }, required: ['region'] },
  ),
];

/** What the trigger tools add and remove. */
export const TOGGLED_TOOL: Tool = { name: 'test_toggled_tool', description: 'Listed every other test_trigger_tool_change', inputSchema: NO_ARGUMENTS };
export const TOGGLED_PROMPT: Prompt = { name: 'test_toggled_prompt', description: 'Listed every other test_trigger_prompt_change' };

export const PROMPTS_2026: Array<{ prompt: Prompt; get: (args: Record<string, string>, extra: Extra) => Promise<GetPromptResult> }> = [
  {
    prompt: { name: 'test_input_required_result_prompt', description: 'Asks the user what context the prompt should use' },
    get: async (_args, extra) => {
      const { context } = await elicit(extra, form('What context should the prompt use?', 'context', 'string'));
      return { messages: [{ role: 'user', content: { type: 'text', text: `Use this context: ${String(context)}` } }] };
    },
  },
];
