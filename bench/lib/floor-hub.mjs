// The floor of any hub written for Node: a process that only does what every hub must, with nothing
// of its own to load. It reads its config, spawns each stdio server as this hub does (own process
// group, pipes), takes each through initialize and tools/list with hand-written JSON-RPC lines,
// answers GET /api/health in this hub's shape, and relays tools/call on a minimal Streamable HTTP
// /mcp (JSON answers, a session id, tool names as `server__tool`). No MCP SDK, no schemas, no
// router, no checks beyond what the bench sends. Started like a hub:
// node floor-hub.mjs --port <port> --config <file>.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string' }, config: { type: 'string' } } });
const { mcpServers } = JSON.parse(readFileSync(values.config, 'utf8'));
const upstreams = new Map();

function connect(name, { command, args = [], env = {} }) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env: { ...process.env, ...env } });
  const pending = new Map();
  let nextId = 1;
  const upstream = { child, status: 'connecting' };
  upstreams.set(name, upstream);
  const send = (message) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  upstream.request = (method, params) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      send({ id, method, params });
    });
  child.stderr.resume();
  child.on('exit', () => (upstream.status = 'disconnected'));
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text) => {
    buffered += text;
    let end;
    while ((end = buffered.indexOf('\n')) >= 0) {
      const message = JSON.parse(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      const resolve = pending.get(message.id);
      if (resolve && !message.method) {
        pending.delete(message.id);
        resolve(message);
      }
    }
  });
  const clientInfo = { name: 'floor-hub', version: '0' };
  upstream.request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo }).then(async () => {
    send({ method: 'notifications/initialized' });
    const listed = await upstream.request('tools/list', {});
    upstream.status = listed.result ? 'connected' : 'failed';
  });
}

for (const [name, entry] of Object.entries(mcpServers)) connect(name, entry);

function health(response) {
  const servers = [...upstreams].map(([name, { status }]) => ({ name, status }));
  const state = servers.every((server) => server.status === 'connected') ? 'ready' : 'starting';
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ state, servers }));
}

function answer(response, id, payload, headers = {}) {
  response.writeHead(200, { 'content-type': 'application/json', ...headers }).end(JSON.stringify({ jsonrpc: '2.0', id, ...payload }));
}

async function mcp(request, response) {
  if (request.method !== 'POST') {
    response.writeHead(request.method === 'DELETE' ? 200 : 405).end();
    return;
  }
  let body = '';
  request.setEncoding('utf8');
  for await (const chunk of request) body += chunk;
  const { id, method, params } = JSON.parse(body);
  if (id === undefined) {
    response.writeHead(202).end();
  } else if (method === 'initialize') {
    const result = { protocolVersion: params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'floor-hub', version: '0' } };
    answer(response, id, { result }, { 'mcp-session-id': randomUUID() });
  } else if (method === 'tools/call') {
    const split = params.name.indexOf('__');
    const upstream = upstreams.get(params.name.slice(0, split));
    const { result, error } = await upstream.request('tools/call', { ...params, name: params.name.slice(split + 2) });
    answer(response, id, result ? { result } : { error });
  } else {
    answer(response, id, { error: { code: -32601, message: `${method} is not relayed by the floor` } });
  }
}

createServer((request, response) => {
  if (request.url === '/api/health') health(response);
  else if (request.url === '/mcp') mcp(request, response);
  else response.writeHead(404).end();
}).listen(Number(values.port), '127.0.0.1');

const stop = () => {
  for (const { child } of upstreams.values()) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
