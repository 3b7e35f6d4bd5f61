import MiniSearch from 'minisearch';
import type { CallToolResult, Prompt, Resource, ResourceTemplate, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { HiddenItem } from '../../../shared/status.js';
import { isRecord } from '../../../shared/is-record.js';
import type { CatalogKind, UpstreamCatalog, UpstreamServer } from '../upstream/upstream-server.js';
import { matchesAny } from './patterns.js';
import type { AggregateView, CatalogView, HubToolAnswer, Route } from './views.js';

export const SEARCH_TOOL = 'mcp-hub__search_tools';
export const DESCRIBE_TOOL = 'mcp-hub__describe_tool';
export const CALL_TOOL = 'mcp-hub__call_tool';

const DEFAULT_RESULTS = 8;
const MAX_RESULTS = 50;

/** The hub's own tools in search mode: what a model reads instead of every definition. */
const HUB_TOOLS: Tool[] = [
  {
    name: SEARCH_TOOL,
    title: 'Search tools',
    description:
      'Finds tools for a task among all the tools this endpoint can call, by words (names, titles, descriptions, argument names). ' +
      `Returns the best matches, each with its name, a one-line description and its input schema; call one with ${CALL_TOOL}.`,
    inputSchema: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'What the tool should do, in a few words' },
        limit: { type: 'integer', minimum: 1, maximum: MAX_RESULTS, description: `How many matches to return (default ${DEFAULT_RESULTS})` },
      },
      required: ['query'],
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  {
    name: DESCRIBE_TOOL,
    title: 'Describe a tool',
    description: 'The whole definition of one tool found by search: its full description, input and output schemas and annotations.',
    inputSchema: { type: 'object', properties: { name: { type: 'string', description: 'The tool name, as search returned it' } }, required: ['name'] },
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  {
    name: CALL_TOOL,
    title: 'Call a tool',
    description: 'Calls a tool found by search, by its name, with its arguments; answers exactly as the tool does.',
    inputSchema: {
      type: 'object',
      properties: {
        name: { type: 'string', description: 'The tool name, as search returned it' },
        arguments: { type: 'object', description: "The tool's arguments, as its input schema says" },
      },
      required: ['name'],
    },
  },
];

interface IndexedTool {
  id: number;
  name: string;
  words: string;
  title: string;
  description: string;
  args: string;
}

/**
 * A profile in search mode: it lists only its pinned tools and the hub's search, describe and call
 * tools; any tool of the profile can still be called, by `mcp-hub__call_tool` or directly by name.
 * The index (MiniSearch: BM25 with prefix and fuzzy matching) is built on the first search after a
 * change, not per request.
 */
export class SearchView implements CatalogView {
  readonly only = undefined;
  private index: { search: MiniSearch<IndexedTool>; tools: readonly Tool[] } | undefined;
  private listed: Tool[] | undefined;

  constructor(
    private readonly inner: AggregateView,
    private readonly pinned: readonly string[],
  ) {}

  get servers(): readonly UpstreamServer[] {
    return this.inner.servers;
  }

  invalidate(): void {
    this.inner.invalidate();
    this.index = undefined;
    this.listed = undefined;
  }

  tools(): readonly Tool[] {
    this.listed ??= [...this.inner.tools().filter((tool) => matchesAny(this.pinned, tool.name)), ...HUB_TOOLS];
    return this.listed;
  }
  prompts(): readonly Prompt[] {
    return this.inner.prompts();
  }
  resources(): readonly Resource[] {
    return this.inner.resources();
  }
  resourceTemplates(): readonly ResourceTemplate[] {
    return this.inner.resourceTemplates();
  }
  routeTool(name: string): Route | undefined {
    return this.inner.routeTool(name);
  }
  routePrompt(name: string): Route | undefined {
    return this.inner.routePrompt(name);
  }
  routeResource(uri: string): Route | undefined {
    return this.inner.routeResource(uri);
  }
  ownerOf(nameOrUri: string): UpstreamServer | undefined {
    return this.inner.ownerOf(nameOrUri);
  }
  whyHidden(kind: HiddenItem['kind'], nameOrUri: string): string | undefined {
    return this.inner.whyHidden(kind, nameOrUri);
  }
  exposeUri(server: UpstreamServer, uri: string): string {
    return this.inner.exposeUri(server, uri);
  }
  includes(server: UpstreamServer): boolean {
    return this.inner.includes(server);
  }
  instructions(): string | undefined {
    const own = `Only some tools are listed here. Use ${SEARCH_TOOL} to find a tool for a task, ${DESCRIBE_TOOL} for its whole definition, and ${CALL_TOOL} to call it.`;
    const servers = this.inner.instructions();
    return servers ? `${own}\n\n${servers}` : own;
  }

  /** Only the pinned tools are listed: the others may change without a `list_changed`. */
  affected(server: UpstreamServer, kinds: readonly CatalogKind[], before: UpstreamCatalog | undefined): CatalogKind[] {
    const affected = this.inner.affected(server, kinds, before);
    if (!affected.includes('tools') || !before) return affected;
    const listed = (tools: readonly Tool[]) => JSON.stringify(tools.filter((tool) => this.inner.toolInScope(tool.name) && matchesAny(this.pinned, tool.name)));
    return listed(before.tools) === listed(this.inner.source.namespaced(server).tools) ? affected.filter((kind) => kind !== 'tools') : affected;
  }

  hubTool(name: string, args: Record<string, unknown> | undefined): HubToolAnswer | undefined {
    if (name === SEARCH_TOOL) {
      const query = args?.['query'];
      if (typeof query !== 'string' || query.trim() === '') return failed('query must be a non-empty string');
      const limit = typeof args?.['limit'] === 'number' ? Math.min(Math.max(1, Math.floor(args['limit'])), MAX_RESULTS) : DEFAULT_RESULTS;
      const matches = this.search(query, limit).map((tool) => ({ name: tool.name, description: firstLine(tool.description), inputSchema: tool.inputSchema }));
      return answer(matches.length > 0 ? matches : `No tool matches '${query}'. Try other words.`);
    }
    if (name === DESCRIBE_TOOL) {
      const wanted = args?.['name'];
      const tool = typeof wanted === 'string' ? this.inner.tools().find((candidate) => candidate.name === wanted) : undefined;
      if (!tool) return failed(`No tool named '${String(wanted)}' here; search for it with ${SEARCH_TOOL}`);
      const { name: toolName, title, description, inputSchema, outputSchema, annotations } = tool;
      return answer({ name: toolName, title, description, inputSchema, outputSchema, annotations });
    }
    if (name === CALL_TOOL) {
      const target = args?.['name'];
      if (typeof target !== 'string' || target === '') return failed('name must be the name of a tool, as search returned it');
      if (HUB_TOOLS.some((tool) => tool.name === target)) return failed(`${CALL_TOOL} calls the servers' tools, not the hub's own`);
      const targetArgs = args?.['arguments'];
      if (targetArgs !== undefined && !isRecord(targetArgs)) return failed('arguments must be an object');
      return { call: { name: target, arguments: targetArgs } };
    }
    return undefined;
  }

  /** Every tool of the profile, listed or not. */
  searchable(): readonly Tool[] {
    return this.inner.tools();
  }

  /** The best matches for the words, best first. */
  search(query: string, limit: number): Tool[] {
    const index = this.buildIndex();
    return index.search
      .search(query)
      .slice(0, limit)
      .map((hit) => index.tools[hit.id as number]!);
  }

  private buildIndex(): NonNullable<SearchView['index']> {
    if (this.index) return this.index;
    const tools = this.inner.tools();
    const search = new MiniSearch<IndexedTool>({
      fields: ['name', 'words', 'title', 'description', 'args'],
      tokenize: (text) => words(text),
      searchOptions: { boost: { words: 3, title: 2, args: 0.5 }, prefix: true, fuzzy: 0.2, combineWith: 'OR' },
    });
    search.addAll(
      tools.map((tool, id) => ({
        id,
        name: tool.name,
        // The tool's own name, split: `read_file` and `readFile` are the words "read" and "file".
        words: tool.name.slice(tool.name.indexOf('__') + 2),
        title: tool.title ?? tool.annotations?.title ?? '',
        description: tool.description ?? '',
        args: Object.keys(isRecord(tool.inputSchema.properties) ? tool.inputSchema.properties : {}).join(' '),
      })),
    );
    this.index = { search, tools };
    return this.index;
  }
}

/** English words too common to tell tools apart; left out of the index and of queries. */
const STOP_WORDS = new Set(
  'a an and are as at be by can for from i in into is it me my of on or so that the this to use using what when which with you your'.split(' '),
);

/** Lower-case words of a text, splitting names at `_`, `-`, `.`, `/` and camelCase humps. */
function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0 && !STOP_WORDS.has(word));
}

function firstLine(text: string | undefined): string {
  const line = (text ?? '').split(/\r?\n/, 1)[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function answer(value: unknown): HubToolAnswer {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 1);
  return { result: { content: [{ type: 'text', text }] } satisfies CallToolResult };
}

function failed(message: string): HubToolAnswer {
  return { result: { content: [{ type: 'text', text: message }], isError: true } };
}
