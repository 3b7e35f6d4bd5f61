import { describe, it, expect } from 'vitest';
import { formatJsonPath } from './json-path.js';

describe('formatJsonPath', () => {
  it('dots plain keys and brackets indices', () => {
    expect(formatJsonPath(['mcpServers', 'github', 'args', 2])).toBe('mcpServers.github.args[2]');
  });

  it('keeps hyphenated server names readable', () => {
    expect(formatJsonPath(['servers', 'brave-search', 'env'])).toBe('servers.brave-search.env');
  });

  it('quotes keys that would be ambiguous dotted', () => {
    expect(formatJsonPath(['mcpServers', 'a.b', 'env', 'X Y'])).toBe('mcpServers["a.b"].env["X Y"]');
    expect(formatJsonPath(['mcpServers', ''])).toBe('mcpServers[""]');
  });

  it('formats the empty path as an empty string', () => {
    expect(formatJsonPath([])).toBe('');
  });
});
