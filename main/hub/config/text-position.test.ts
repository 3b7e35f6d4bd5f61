import { describe, it, expect } from 'vitest';
import { positionAt } from './text-position.js';

describe('positionAt', () => {
  it('is 1-based', () => {
    expect(positionAt('abc', 0)).toEqual({ line: 1, column: 1 });
    expect(positionAt('abc', 2)).toEqual({ line: 1, column: 3 });
  });

  it('counts LF, CRLF and lone CR as one line break each', () => {
    const text = 'a\nb\r\nc\rd';
    expect(positionAt(text, text.indexOf('b'))).toEqual({ line: 2, column: 1 });
    expect(positionAt(text, text.indexOf('c'))).toEqual({ line: 3, column: 1 });
    expect(positionAt(text, text.indexOf('d'))).toEqual({ line: 4, column: 1 });
  });

  it('clamps offsets past the end (errors reported at end of input)', () => {
    expect(positionAt('ab\ncd', 99)).toEqual({ line: 2, column: 3 });
  });
});
