import { describe, expect, it } from 'vitest';
import { assignServerIds, exposedName, exposedUri, MAX_TOOL_NAME, parseExposedUri } from './names.js';

describe('assignServerIds', () => {
  it('replaces unsafe characters like mcp-hub v4', () => {
    expect(assignServerIds(['my-server', 'github']).get('my-server')).toBe('my_server');
  });

  it('resolves collisions the same way whatever the order', () => {
    const a = assignServerIds(['echo srv', 'echo-srv', 'echo_srv']);
    const b = assignServerIds(['echo_srv', 'echo-srv', 'echo srv']);
    expect(a).toEqual(b);
    expect(a.get('echo_srv')).toBe('echo_srv');
    expect(new Set(a.values()).size).toBe(3);
  });

  it('does not rename a server when another one is added', () => {
    const before = assignServerIds(['echo-srv']).get('echo-srv');
    const after = assignServerIds(['echo-srv', 'zeta']).get('echo-srv');
    expect(after).toBe(before);
  });
});

describe('exposedName', () => {
  it('prefixes with the server id', () => {
    expect(exposedName('github', 'create_issue')).toBe('github__create_issue');
  });

  it('keeps long names within 64 characters, distinct and stable', () => {
    const long1 = exposedName('a_rather_long_server_name', 'an_even_longer_tool_name_that_goes_on_and_on_1');
    const long2 = exposedName('a_rather_long_server_name', 'an_even_longer_tool_name_that_goes_on_and_on_2');
    expect(long1.length).toBe(MAX_TOOL_NAME);
    expect(long1).not.toBe(long2);
    expect(long1).toBe(exposedName('a_rather_long_server_name', 'an_even_longer_tool_name_that_goes_on_and_on_1'));
  });
});

describe('exposed URIs', () => {
  it('round-trip and stay valid URIs', () => {
    const uri = exposedUri('everything', 'test://static/resource/1?x=1#frag');
    expect(() => new URL(uri)).not.toThrow();
    expect(parseExposedUri(uri)).toEqual({ id: 'everything', uri: 'test://static/resource/1?x=1#frag' });
  });

  it("accept mcp-hub v4's prefixed form", () => {
    expect(parseExposedUri('echo_srv__file:///readme.txt')).toEqual({ id: 'echo_srv', uri: 'file:///readme.txt' });
  });
});
