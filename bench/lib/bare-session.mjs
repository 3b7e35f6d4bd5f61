// A bare Streamable HTTP session over keep-alive connections: no SDK client, so what is timed
// is the server's answer and the bytes on the wire, not a client's parsing and validation of them.
// A server may answer a POST with plain JSON or with an SSE stream; both are read.
import http from 'node:http';

const PROTOCOL_VERSION = '2025-06-18';
const IDLE_MS = 4000;

/**
 * Opens a session on `url` (initialize, initialized). `sockets` caps the connections kept open, so
 * that many requests can be in flight at once. `post` sends one JSON-RPC message and resolves with
 * the raw answer; `request` sends a request and resolves with its result (or throws its error).
 */
export async function openBareSession(url, { clientName = 'mcp-hub-bench', sockets = 1 } = {}) {
  // Idle connections are dropped after 4 s, before a Node server's default keep-alive timeout (5 s)
  // closes them: a request sent just as the server closes its end fails with "socket hang up".
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, timeout: IDLE_MS });
  let sessionId;
  const post = (body) =>
    new Promise((resolve, reject) => {
      const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(sessionId && { 'mcp-session-id': sessionId, 'mcp-protocol-version': PROTOCOL_VERSION }) };
      const request = http.request(url, { method: 'POST', agent, headers }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, text }));
        response.on('error', reject);
      });
      request.on('error', (error) => reject(request.reusedSocket ? new Error(`${error.message} (on a reused keep-alive connection)`) : error));
      request.end(JSON.stringify(body));
    });
  let nextId = 1;
  const request = async (method, params = {}) => {
    const id = nextId++;
    const message = answerTo(id, await post({ jsonrpc: '2.0', id, method, params }));
    if (message.error) throw new Error(`${method}: ${JSON.stringify(message.error)}`);
    return message.result;
  };
  const init = await post({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: clientName, version: '1' } } });
  answerTo(0, init);
  sessionId = init.headers['mcp-session-id'];
  await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
  /** Ends the session (DELETE) and the connections. */
  const close = async () => {
    await new Promise((resolve) => {
      const request = http.request(url, { method: 'DELETE', agent, headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': PROTOCOL_VERSION } }, (response) => {
        response.resume();
        response.on('end', resolve);
      });
      request.on('error', resolve);
      request.end();
    });
    agent.destroy();
  };
  return { post, request, close };
}

const MODERN = '2026-07-28';
/** What MCP names the request headers that carry a call's target. */
const NAME_FIELD = { 'tools/call': 'name', 'prompts/get': 'name', 'resources/read': 'uri' };

/**
 * The same for the 2026-07-28 era: no session to open; every request carries the client's
 * envelope in `_meta` and the era's headers. `request` and `close` as above.
 */
export function openBareModern(url, { clientName = 'mcp-hub-bench', sockets = 1 } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, timeout: IDLE_MS });
  const envelope = {
    'io.modelcontextprotocol/protocolVersion': MODERN,
    'io.modelcontextprotocol/clientInfo': { name: clientName, version: '1' },
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  let nextId = 1;
  const request = async (method, params = {}) => {
    const id = nextId++;
    const name = params[NAME_FIELD[method]];
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': MODERN, 'mcp-method': method, ...(name && { 'mcp-name': name }) };
    const answer = await new Promise((resolve, reject) => {
      const posted = http.request(url, { method: 'POST', agent, headers }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, text }));
        response.on('error', reject);
      });
      posted.on('error', reject);
      posted.end(JSON.stringify({ jsonrpc: '2.0', id, method, params: { ...params, _meta: envelope } }));
    });
    const message = answerTo(id, answer);
    if (message.error) throw new Error(`${method}: ${JSON.stringify(message.error)}`);
    return message.result;
  };
  return { request, close: async () => agent.destroy() };
}

/**
 * The same over the legacy HTTP+SSE transport (2024-11-05), the only one mcp-hub 4.2.1 serves: one
 * GET stream carries every answer; requests are POSTed to the URL its `endpoint` event names.
 */
export async function openBareSse(url, { clientName = 'mcp-hub-bench', sockets = 1 } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, timeout: IDLE_MS });
  const waiting = new Map();
  let endpoint;
  let stream;
  const endpointKnown = new Promise((resolve, reject) => {
    const get = http.get(url, { headers: { accept: 'text/event-stream' } }, (response) => {
      stream = response;
      if (response.statusCode !== 200) return reject(new Error(`GET ${url}: HTTP ${response.statusCode}`));
      response.setEncoding('utf8');
      let buffered = '';
      response.on('data', (chunk) => {
        buffered += chunk;
        let end;
        while ((end = buffered.indexOf('\n\n')) !== -1) {
          const event = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const type = /^event: ?(.*)$/m.exec(event)?.[1] ?? 'message';
          const data = event
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
            .join('\n');
          if (type === 'endpoint') {
            endpoint = new URL(data, url);
            resolve();
          } else if (type === 'message' && data) {
            const message = JSON.parse(data);
            waiting.get(message.id)?.(message);
            waiting.delete(message.id);
          }
        }
      });
    });
    get.on('error', reject);
  });
  await endpointKnown;
  const post = (body) =>
    new Promise((resolve, reject) => {
      const posted = http.request(endpoint, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (response) => {
        response.resume();
        response.on('end', () => (response.statusCode === 202 || response.statusCode === 200 ? resolve() : reject(new Error(`POST: HTTP ${response.statusCode}`))));
      });
      posted.on('error', reject);
      posted.end(JSON.stringify(body));
    });
  let nextId = 1;
  const request = async (method, params = {}) => {
    const id = nextId++;
    const answered = new Promise((resolve) => waiting.set(id, resolve));
    await post({ jsonrpc: '2.0', id, method, params });
    const message = await answered;
    if (message.error) throw new Error(`${method}: ${JSON.stringify(message.error)}`);
    return message.result;
  };
  await request('initialize', { protocolVersion: '2024-11-05', capabilities: {}, clientInfo: { name: clientName, version: '1' } });
  await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return {
    request,
    close: async () => {
      stream?.destroy();
      agent.destroy();
    },
  };
}

/** The JSON-RPC response with `id` in an answer, whether it came as JSON or as an SSE stream. */
export function answerTo(id, { status, headers, text }) {
  const type = String(headers['content-type'] ?? '');
  if (status !== 200) throw new Error(`HTTP ${status} (${type || 'no content type'}): ${text.slice(0, 200)}`);
  const messages = type.startsWith('text/event-stream') ? sseMessages(text) : type.startsWith('application/json') ? [JSON.parse(text)].flat() : undefined;
  if (!messages) throw new Error(`unexpected content type '${type}': ${text.slice(0, 200)}`);
  const answer = messages.find((message) => message.id === id && ('result' in message || 'error' in message));
  if (!answer) throw new Error(`no answer to request ${id} in: ${text.slice(0, 200)}`);
  return answer;
}

/** The JSON messages of an SSE stream: each event's `data:` lines joined (events without data, such as a priming event, are skipped). */
function sseMessages(text) {
  return text
    .split(/\r?\n\r?\n/)
    .map((event) =>
      event
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
        .join('\n'),
    )
    .filter((data) => data.trim().startsWith('{') || data.trim().startsWith('['))
    .flatMap((data) => [JSON.parse(data)].flat());
}
