import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { StdioTransport } from './stdio-transport.js';

/** A real child that prints `lines` to stdout, read by a transport with a 1 MB limit. */
async function read(lines: string[]): Promise<{ messages: JSONRPCMessage[]; oversize: number[] }> {
  const script = `for (const line of ${JSON.stringify(lines)}) process.stdout.write(line.replace('PAD', 'x'.repeat(2 * 1024 * 1024)) + '\\n');`;
  const transport = new StdioTransport({ command: process.execPath, args: ['-e', script], env: { PATH: process.env['PATH'] ?? '' } }, { maxLineBytes: 1024 * 1024 });
  const messages: JSONRPCMessage[] = [];
  const oversize: number[] = [];
  transport.onmessage = (message) => messages.push(message);
  transport.onoversize = (bytes) => oversize.push(bytes);
  const closed = new Promise<void>((resolve) => (transport.onclose = resolve));
  await transport.start();
  await closed;
  return { messages, oversize };
}

describe('StdioTransport with a line over the limit', () => {
  it('answers the request of a dropped response with an error, whichever end its id is at', async () => {
    const { messages, oversize } = await read([
      '{"jsonrpc":"2.0","id":3,"result":{"text":"PAD"}}',
      '{"result":{"text":"PAD"},"jsonrpc":"2.0","id":"four"}',
      '{"jsonrpc":"2.0","method":"notifications/message","params":{"data":"PAD"}}',
      '{"jsonrpc":"2.0","id":5,"method":"sampling/createMessage","params":{"text":"PAD"}}',
      '{"jsonrpc":"2.0","id":6,"result":{}}',
    ]);
    expect(oversize).toHaveLength(4);
    // The notification and the server's own request are only dropped: nobody waits for them here.
    expect(messages).toEqual([
      { jsonrpc: '2.0', id: 3, error: { code: -32603, message: expect.stringContaining("over the hub's limit of 1 MB for one message (MCP_HUB_MAX_MESSAGE_MB)") } },
      { jsonrpc: '2.0', id: 'four', error: { code: -32603, message: expect.stringContaining("The server's answer is 2 MB") } },
      { jsonrpc: '2.0', id: 6, result: {} },
    ]);
  });
});
