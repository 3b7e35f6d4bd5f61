import { describe, expect, it } from 'vitest';
import { literalPattern, matchesAny } from './patterns.js';

describe('glob patterns over names', () => {
  it('matches * as any run of characters and ? as one, everything else literally', () => {
    expect(matchesAny(['read_*'], 'read_file')).toBe(true);
    expect(matchesAny(['read_*'], 'write_file')).toBe(false);
    expect(matchesAny(['get_?'], 'get_a')).toBe(true);
    expect(matchesAny(['get_?'], 'get_ab')).toBe(false);
    expect(matchesAny(['file:///home/*'], 'file:///home/me/notes.md')).toBe(true);
    expect(matchesAny(['a.b'], 'axb')).toBe(false);
    expect(matchesAny(['(x)+'], '(x)+')).toBe(true);
    expect(matchesAny([], 'anything')).toBe(false);
  });

  it('writes a name with wildcard characters as a pattern that matches only that name', () => {
    const pattern = literalPattern('what?*\\now');
    expect(matchesAny([pattern], 'what?*\\now')).toBe(true);
    expect(matchesAny([pattern], 'whatX*\\now')).toBe(false);
    expect(matchesAny([pattern], 'what?abc\\now')).toBe(false);
    expect(literalPattern('plain_name')).toBe('plain_name');
  });
});
