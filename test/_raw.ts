import http from 'node:http';
const url = new URL(process.argv[2]!);
const agent = new http.Agent({ keepAlive: true });
function post(body: unknown, session?: string): Promise<{ headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(session && { 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' }) } }, (res) => {
      let text = ''; res.setEncoding('utf8'); res.on('data', (c) => (text += c)); res.on('end', () => resolve({ headers: res.headers, text }));
    });
    req.on('error', reject); req.end(JSON.stringify(body));
  });
}
const init = await post({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
const session = init.headers['mcp-session-id'] as string;
await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, session);
const times: number[] = [];
for (let i = 1; i < 800; i++) { const t = performance.now(); await post({ jsonrpc: '2.0', id: i, method: process.argv[3] ?? 'ping', params: process.argv[3] ? { name: 'everything__echo', arguments: { message: 'x' } } : {} }, session); if (i >= 100) times.push(performance.now() - t); }
times.sort((a, b) => a - b);
console.log('p50', times[times.length >> 1]!.toFixed(2), 'p95', times[Math.floor(times.length * 0.95)]!.toFixed(2));
agent.destroy();
