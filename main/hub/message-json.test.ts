import { describe, expect, it } from 'vitest';
import { keepJson, messageJson } from './message-json.js';

const tools = () => [{ name: 'a__echo', description: 'Says "hi"\n\u00e9', inputSchema: { type: 'object' } }];

describe('messageJson', () => {
  it('writes what JSON.stringify writes, for answers with a kept list and for any other message', () => {
    const list = keepJson(tools());
    const messages = [
      { jsonrpc: '2.0', id: 'x"\\', result: { tools: list, nextCursor: undefined, _meta: { a: 1 } } },
      { jsonrpc: '2.0', id: 7, result: { tools: tools() } },
      { jsonrpc: '2.0', id: 8, error: { code: -32601, message: 'no' } },
      { jsonrpc: '2.0', method: 'notifications/tools/list_changed' },
    ] as const;
    for (const message of messages) expect(JSON.parse(messageJson(message as never))).toEqual(JSON.parse(JSON.stringify(message)));
    expect(messageJson(messages[0] as never)).not.toContain('nextCursor');
  });

  it('serializes a kept list once, and a new list (the catalog changed) afresh', () => {
    const list = tools();
    keepJson(list);
    const first = messageJson({ jsonrpc: '2.0', id: 1, result: { tools: list } } as never);
    // The hub never changes a kept list in place; doing so here shows the JSON is the kept one.
    list[0]!.description = 'changed';
    expect(messageJson({ jsonrpc: '2.0', id: 2, result: { tools: list } } as never)).toBe(first.replace('"id":1', '"id":2'));
    const changed = keepJson([{ ...list[0]!, description: 'new' }]);
    expect(messageJson({ jsonrpc: '2.0', id: 3, result: { tools: changed } } as never)).toContain('"description":"new"');
  });
});
