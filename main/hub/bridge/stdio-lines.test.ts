import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { StdioLines } from './stdio-lines.js';

function lines() {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stdio = new StdioLines(stdin, stdout);
  const messages: unknown[] = [];
  const errors: string[] = [];
  stdio.onmessage = (message) => messages.push(message);
  stdio.onerror = (error) => errors.push(error.message);
  return { stdin, stdout, stdio, messages, errors };
}

describe('StdioLines (the bridge’s stdio with its client)', () => {
  it('reads messages split across chunks and CRLF line ends, reports a line that is no message, and reads on', async () => {
    const { stdin, stdio, messages, errors } = lines();
    await stdio.start();
    stdin.write('{"jsonrpc":"2.0","id":1,"met');
    stdin.write('hod":"ping"}\r\nnot json\n{"jsonrpc":"2.0","id":2,"result":{},"extra":1}\n');
    stdin.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(messages).toEqual([
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
    ]);
    expect(errors).toHaveLength(2);
    expect(errors[1]).toContain('not a JSON-RPC message');
  });

  it('writes one line per message and stops reading when closed', async () => {
    const { stdin, stdout, stdio, messages } = lines();
    let closed = false;
    stdio.onclose = () => (closed = true);
    await stdio.start();
    await stdio.send({ jsonrpc: '2.0', id: 'a', result: {} });
    expect(String(stdout.read())).toBe('{"jsonrpc":"2.0","id":"a","result":{}}\n');
    await stdio.close();
    stdin.write('{"jsonrpc":"2.0","id":3,"method":"ping"}\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(messages).toEqual([]);
    expect(closed).toBe(true);
  });
});
