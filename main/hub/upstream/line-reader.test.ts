import { describe, expect, it } from 'vitest';
import { LineReader, maxMessageBytes, type DroppedLine } from './line-reader.js';

function reader(limit: number) {
  const lines: string[] = [];
  const oversize: number[] = [];
  const dropped: DroppedLine[] = [];
  const handlers = { line: (line: string) => lines.push(line), oversize: (bytes: number) => oversize.push(bytes), dropped: (line: DroppedLine) => dropped.push(line) };
  return { lines, oversize, dropped, reader: new LineReader(limit, handlers) };
}

describe('LineReader', () => {
  it('splits lines across and within chunks, and strips a CR', () => {
    const { lines, reader: r } = reader(100);
    r.push(Buffer.from('{"a":'));
    r.push(Buffer.from('1}\r\n{"b":2}\n{"c"'));
    r.push(Buffer.from(':3}\n'));
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('holds no more than the limit of a 60 MB line without a newline, reports it once, and reads on after its end', () => {
    const limit = 16 * 1024 * 1024;
    const { lines, oversize, dropped, reader: r } = reader(limit);
    r.push(Buffer.from('{"result":'));
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let most = 0;
    for (let i = 0; i < (60 * 1024 * 1024) / chunk.length; i++) {
      r.push(chunk);
      most = Math.max(most, r.heldBytes);
    }
    expect(most).toBeLessThanOrEqual(limit);
    expect(oversize).toHaveLength(1);
    expect(oversize[0]).toBeGreaterThan(limit);
    r.push(Buffer.from('xxx","jsonrpc":"2.0","id":7}\n{"after":true}\n'));
    expect(lines).toEqual(['{"after":true}']);
    expect(r.heldBytes).toBe(0);
    // Its two ends are kept: enough to tell whose answer it was.
    expect(dropped).toHaveLength(1);
    expect(dropped[0]!.bytes).toBe(60 * 1024 * 1024 + '{"result":'.length + 'xxx","jsonrpc":"2.0","id":7}'.length);
    expect(dropped[0]!.head).toMatch(/^\{"result":x+$/);
    expect(dropped[0]!.head).toHaveLength(256);
    expect(dropped[0]!.tail).toMatch(/^x+","jsonrpc":"2.0","id":7}$/);
    expect(dropped[0]!.tail).toHaveLength(256);
  });

  it('drops a line that ends in the chunk that takes it past the limit', () => {
    const { lines, oversize, dropped, reader: r } = reader(10);
    r.push(Buffer.from('12345'));
    r.push(Buffer.from('67890123\nok\n'));
    expect(oversize).toEqual([13]);
    expect(lines).toEqual(['ok']);
    expect(dropped).toEqual([{ bytes: 13, head: '1234567890123', tail: '1234567890123' }]);
  });
});

describe('maxMessageBytes', () => {
  it('reads MCP_HUB_MAX_MESSAGE_MB, and says so when it is not a positive number', () => {
    const warnings: string[] = [];
    const warn = (message: string) => warnings.push(message);
    expect(maxMessageBytes({}, warn)).toBe(16 * 1024 * 1024);
    expect(maxMessageBytes({ MCP_HUB_MAX_MESSAGE_MB: '64' }, warn)).toBe(64 * 1024 * 1024);
    expect(maxMessageBytes({ MCP_HUB_MAX_MESSAGE_MB: 'lots' }, warn)).toBe(16 * 1024 * 1024);
    expect(warnings).toEqual([expect.stringContaining("MCP_HUB_MAX_MESSAGE_MB must be a positive number of megabytes, got 'lots'")]);
  });
});
