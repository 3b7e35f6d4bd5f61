import { describe, it, expect } from 'vitest';
import { findNode, parseJsonc } from './jsonc.js';

function parsed(text: string) {
  const result = parseJsonc(text);
  if (!result.ok) throw new Error(`unexpected parse error: ${result.error.message}`);
  return result;
}

describe('parseJsonc', () => {
  it('accepts comments and trailing commas', () => {
    expect(parsed('{ // c\n "a": [1, 2,], /* c */ }').value).toEqual({ a: [1, 2] });
  });

  it('reports the first error with a readable message and its offset', () => {
    const text = '{\n  "a": 1\n  "b": 2\n}';
    expect(parseJsonc(text)).toEqual({
      ok: false,
      error: { offset: text.indexOf('"b"'), message: 'expected a comma or closing brace' },
    });
  });

  it('says bracket when the missing comma is inside an array', () => {
    const result = parseJsonc('{"a": [1 2]}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toBe('expected a comma or closing bracket');
  });

  it('keeps a "__proto__" key as an own property instead of changing the prototype', () => {
    const value = parsed('{"__proto__": {"command": "x"}}').value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
  });
});

describe('findNode', () => {
  it('walks object keys and array indices', () => {
    const text = '{"a": {"b": [10, 20]}}';
    const { root } = parsed(text);
    expect(findNode(root, ['a', 'b', 1])?.offset).toBe(text.indexOf('20'));
    expect(findNode(root, ['a', 'x'])).toBeUndefined();
    expect(findNode(root, ['a', 'b', 'c'])).toBeUndefined();
  });

  it('picks the last of duplicate keys, like the parsed value does', () => {
    const text = '{"a": 1, "a": 2}';
    const result = parsed(text);
    expect(result.value).toEqual({ a: 2 });
    expect(findNode(result.root, ['a'])?.offset).toBe(text.indexOf('2'));
  });
});
