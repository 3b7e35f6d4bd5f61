import { describe, it, expect } from 'vitest';
import { parseGlobalEnv } from './global-env.js';

describe('parseGlobalEnv', () => {
  it('treats an unset or blank variable as empty', () => {
    expect(parseGlobalEnv(undefined)).toEqual({});
    expect(parseGlobalEnv('  ')).toEqual({});
  });

  it('parses an object of strings, including input: keys', () => {
    expect(parseGlobalEnv('{"TOKEN": "t", "input:api-key": "k"}')).toEqual({ TOKEN: 't', 'input:api-key': 'k' });
  });

  it('rejects invalid JSON without echoing the text', () => {
    const run = () => parseGlobalEnv('{"TOKEN": "sk-secret", }x');
    expect(run).toThrow(/^MCP_HUB_ENV is not a JSON object of strings: invalid JSON at position \d+/);
    expect(run).not.toThrow(/sk-secret/);
  });

  it('rejects non-objects and non-string values, naming only the key', () => {
    expect(() => parseGlobalEnv('["a"]')).toThrow('MCP_HUB_ENV is not a JSON object of strings: the top level is not an object');
    expect(() => parseGlobalEnv('{"PORT": 8080}')).toThrow(
      'MCP_HUB_ENV is not a JSON object of strings: the value of "PORT" is number',
    );
  });
});
