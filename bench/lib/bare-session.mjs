// A bare Streamable HTTP session over one keep-alive connection: no SDK client, so what is timed
// is the hub's answer and the bytes on the wire, not a client's parsing and validation of them.
import http from 'node:http';

const PROTOCOL_VERSION = '2025-06-18';

/** Opens a session on `url` (initialize, initialized); `post` sends one JSON-RPC message in it. */
export async function openBareSession(url, clientName = 'mcp-hub-bench') {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let sessionId;
  const post = (body) =>
    new Promise((resolve, reject) => {
      const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(sessionId && { 'mcp-session-id': sessionId, 'mcp-protocol-version': PROTOCOL_VERSION }) };
      const request = http.request(url, { method: 'POST', agent, headers }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ headers: response.headers, text }));
      });
      request.on('error', reject);
      request.end(JSON.stringify(body));
    });
  const init = await post({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: clientName, version: '1' } } });
  sessionId = init.headers['mcp-session-id'];
  await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
  /** Ends the session (DELETE) and the connection. */
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
  return { post, close };
}

/** The JSON-RPC message of an answer sent as an SSE event (its `data:` line). */
export function sseMessage(text) {
  const data = text.split('\n').find((line) => line.startsWith('data: {'));
  return JSON.parse(data.slice('data: '.length));
}
