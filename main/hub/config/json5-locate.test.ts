import { describe, it, expect } from 'vitest';
import JSON5 from 'json5';
import { locateJson5 } from './json5-locate.js';

function at(text: string, needle: string): number {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`needle ${needle} not in text`);
  return offset;
}

describe('locateJson5', () => {
  const text = `// comment with { braces ] and 'quotes'
{
  mcpServers: {
    /* block } comment */
    'a-b': { command: 'x', args: ['one', "t}w,o", 0x1F, +.5, Infinity], },
    "q\\"k": { url: 'https://e/', },
    \\u0061bc: [ [ true ], null, ],
  },
}`;
  const locate = locateJson5(text);

  it('accepts what JSON5 accepts (sanity check of the fixture)', () => {
    expect(() => JSON5.parse(text)).not.toThrow();
  });

  it('finds the root, nested objects and array elements', () => {
    expect(locate([])).toBe(at(text, '{\n  mcpServers'));
    expect(locate(['mcpServers', 'a-b'])).toBe(at(text, "{ command: 'x'"));
    expect(locate(['mcpServers', 'a-b', 'command'])).toBe(at(text, "'x'"));
    expect(locate(['mcpServers', 'a-b', 'args', 1])).toBe(at(text, '"t}w,o"'));
    expect(locate(['mcpServers', 'a-b', 'args', 3])).toBe(at(text, '+.5'));
    expect(locate(['mcpServers', 'a-b', 'args', 4])).toBe(at(text, 'Infinity'));
  });

  it('decodes quoted keys and identifier escapes the way json5 does', () => {
    expect(locate(['mcpServers', 'q"k', 'url'])).toBe(at(text, "'https://e/'"));
    expect(locate(['mcpServers', 'abc', 0, 0])).toBe(at(text, 'true'));
    expect(locate(['mcpServers', 'abc', 1])).toBe(at(text, 'null'));
  });

  it('returns undefined for paths that do not exist', () => {
    expect(locate(['mcpServers', 'nope'])).toBeUndefined();
    expect(locate(['mcpServers', 'abc', 5])).toBeUndefined();
  });

  it('points duplicate keys at the last occurrence, the one json5 keeps', () => {
    const dup = "{a: 1, a: 'second'}";
    expect(locateJson5(dup)(['a'])).toBe(at(dup, "'second'"));
  });
});
