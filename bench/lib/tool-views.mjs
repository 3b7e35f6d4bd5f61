// What search mode saves a client, and how well its search finds the right tool (issue "Each
// client its own tools"): tools/list size at 5,000 tools in `all` and `search` mode, and the rank
// of the expected tool for the fixed queries of bench/search-queries.json.
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { connectStreamableHttp } from './clients.mjs';
import { EVERYTHING, startHub } from './hubs.mjs';
import { table } from './report.mjs';

const TOOL_SERVER = fileURLToPath(new URL('../../test/fixtures/tool-server.mjs', import.meta.url));
const MODULES = fileURLToPath(new URL('../../node_modules/@modelcontextprotocol/', import.meta.url));
const QUERIES = JSON.parse(readFileSync(new URL('../search-queries.json', import.meta.url), 'utf8')).queries;
const SEARCH_PROFILE = { profiles: { search: { toolMode: 'search' } } };

/** Every tool an endpoint lists, through every page. */
async function listAll(client) {
  const tools = [];
  let cursor;
  do {
    const page = await client.listTools(cursor ? { cursor } : {});
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}

/** The same estimate the hub shows (shared/tokens.ts): a quarter of the JSON's length. */
const tokensOf = (json) => Math.ceil(json.length / 4);

export async function measureListingModes({ servers = 10, tools = 500, log }) {
  const names = Array.from({ length: servers }, (_, i) => `server_${String(i).padStart(2, '0')}`);
  // The fixture offers echo and wait besides tool_1 … tool_n.
  const entry = (name) => ({ command: process.execPath, args: [TOOL_SERVER], env: { TOOL_COUNT: String(tools - 2), SERVER_NAME: name } });
  log(`tool views: ${servers * tools} tools, all vs search`);
  const hub = await startHub('ours', names, { entry, fileSettings: SEARCH_PROFILE, timeoutMs: 30000 + servers * 5000 });
  const rows = {};
  try {
    for (const [mode, path] of [['all', '/mcp'], ['search', '/profiles/search/mcp']]) {
      const connection = await connectStreamableHttp(`${hub.baseUrl}${path}`);
      try {
        const listed = await listAll(connection.client);
        const json = JSON.stringify(listed);
        rows[mode] = { tools: listed.length, bytes: Buffer.byteLength(json), tokens: tokensOf(json) };
      } finally {
        await connection.close();
      }
    }
  } finally {
    await hub.stop();
  }
  return { total: servers * tools, rows };
}

export async function measureSearchQuality({ log }) {
  const entries = {
    everything: { command: process.execPath, args: [EVERYTHING, 'stdio'] },
    memory: { command: process.execPath, args: [`${MODULES}server-memory/dist/index.js`], env: { MEMORY_FILE_PATH: '/dev/null' } },
    filesystem: { command: process.execPath, args: [`${MODULES}server-filesystem/dist/index.js`, fileURLToPath(new URL('.', import.meta.url))] },
  };
  log(`tool views: search quality, ${QUERIES.length} queries`);
  const hub = await startHub('ours', Object.keys(entries), { entry: (name) => entries[name], fileSettings: SEARCH_PROFILE });
  const results = [];
  try {
    const connection = await connectStreamableHttp(`${hub.baseUrl}/profiles/search/mcp`);
    try {
      const everything = await connectStreamableHttp(`${hub.baseUrl}/mcp`);
      const searchable = (await listAll(everything.client)).length;
      await everything.close();
      for (const { query, expected } of QUERIES) {
        const answer = await connection.client.callTool({ name: 'mcp-hub__search_tools', arguments: { query, limit: 10 } });
        const text = answer.content[0]?.text ?? '[]';
        const names = text.startsWith('[') ? JSON.parse(text).map((match) => match.name) : [];
        const rank = names.indexOf(expected) + 1;
        results.push({ query, expected, rank, top: names[0] ?? '(none)' });
      }
      return { searchable, results };
    } finally {
      await connection.close();
    }
  } finally {
    await hub.stop();
  }
}

export function listingModesTable({ total, rows }) {
  const all = rows.all;
  const line = (mode) => {
    const row = rows[mode];
    return [mode, row.tools.toLocaleString('en-US'), row.bytes.toLocaleString('en-US'), row.tokens.toLocaleString('en-US'), mode === 'all' ? '' : `${((row.bytes / all.bytes) * 100).toFixed(2)} %`];
  };
  return [
    `## tools/list at ${total.toLocaleString('en-US')} tools: a profile in \`all\` vs \`search\` mode`,
    '',
    table(['Mode', 'Tools listed', 'Bytes (JSON)', 'Estimated tokens', 'Of all'], ['all', 'search'].map(line)),
  ].join('\n');
}

export function searchQualityTable({ searchable, results }) {
  const hits = (n) => results.filter((result) => result.rank > 0 && result.rank <= n).length;
  const rate = (n) => `${hits(n)}/${results.length} (${((hits(n) / results.length) * 100).toFixed(0)} %)`;
  return [
    `## Tool search: rank of the right tool among ${searchable} tools (server-everything, -memory, -filesystem), ${results.length} queries of bench/search-queries.json`,
    '',
    table(['Top-1 hit rate', 'Top-5 hit rate'], [[rate(1), rate(5)]]),
    '',
    table(
      ['Query', 'Expected', 'Rank', 'Top result'],
      results.map((result) => [result.query, `\`${result.expected}\``, result.rank > 0 ? String(result.rank) : '> 10', `\`${result.top}\``]),
    ),
  ].join('\n');
}
