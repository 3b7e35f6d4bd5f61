// Tests for shared/config.ts live here: the shared/ folder is reserved for the schema itself.
import { describe, it, expect } from 'vitest';
import { ServerConfigSchema, TRANSPORT_TYPES, transportOf } from '../../../shared/config.js';

function issues(value: unknown): [string, string][] {
  const result = ServerConfigSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => [i.path.join('.'), i.message]);
}

describe('ServerConfigSchema', () => {
  it('accepts a full stdio entry and keeps unknown keys', () => {
    const entry = {
      type: 'stdio',
      command: 'npx',
      args: ['-y', 'pkg'],
      env: { A: 'a', INHERITED: null },
      cwd: './x',
      disabled: false,
      name: 'Display',
      description: 'd',
      timeout: 1500,
      autoApprove: ['tool'],
    };
    expect(ServerConfigSchema.parse(entry)).toEqual(entry);
  });

  it('accepts every remote type with url and headers', () => {
    for (const type of TRANSPORT_TYPES.filter((t) => t !== 'stdio')) {
      expect(issues({ type, url: 'http://localhost:${PORT}/mcp', headers: { A: 'b' } })).toEqual([]);
    }
    expect(issues({ url: 'https://x' })).toEqual([]);
  });

  it('requires exactly one of command and url', () => {
    expect(issues({ command: 'a', url: 'http://x' })).toEqual([['', 'cannot mix command (stdio) and url (remote)']]);
    expect(issues({ disabled: true })).toEqual([['', 'needs either command (stdio) or url (remote)']]);
  });

  it('checks type against command/url', () => {
    expect(issues({ type: 'stdio', url: 'http://x' })).toEqual([['type', 'type "stdio" needs command, not url']]);
    expect(issues({ type: 'http', command: 'a' })).toEqual([['type', 'type "http" needs url, not command']]);
    expect(issues({ type: 'websocket', command: 'a' })).toEqual([
      ['type', 'expected one of "stdio", "http", "streamable-http", "sse"'],
    ]);
  });

  it('accepts an oauth entry for a remote server only, a secret only with its client id', () => {
    const entry = { url: 'https://x', oauth: { clientId: 'hub', clientSecret: '${secret:x}', scopes: 'read write', callbackPort: 8080 } };
    expect(ServerConfigSchema.parse(entry)).toEqual(entry);
    expect(issues({ command: 'a', oauth: {} })).toEqual([['oauth', 'oauth applies to remote servers (url) only']]);
    expect(issues({ url: 'https://x', oauth: { clientSecret: 's' } })).toEqual([['oauth.clientSecret', 'clientSecret needs the clientId it belongs to']]);
    expect(issues({ url: 'https://x', oauth: { scopes: ['read'] } })).toEqual([['oauth.scopes', 'expected a non-empty string']]);
  });

  it('explains wrong field types in words', () => {
    expect(issues({ command: 'a', args: 'x' })).toEqual([['args', 'expected an array of strings']]);
    expect(issues({ command: 'a', args: ['x', 2] })).toEqual([['args.1', 'expected a string']]);
    expect(issues({ command: 'a', env: { A: 1 } })).toEqual([
      ['env.A', 'expected a string, or null to inherit the variable'],
    ]);
    expect(issues({ command: 'a', env: { 'A=B': 'x' } })).toEqual([
      ['env.A=B', 'environment variable names must be non-empty and contain no "=" or NUL'],
    ]);
    expect(issues({ url: 'http://x', headers: { A: true } })).toEqual([['headers.A', 'expected a string']]);
    expect(issues({ command: 'a', disabled: 'yes' })).toEqual([['disabled', 'expected true or false']]);
    expect(issues({ command: 'a', timeout: 0 })).toEqual([['timeout', 'expected a positive number of milliseconds']]);
    expect(issues({ command: '' })).toEqual([['command', 'expected a non-empty string']]);
    expect(issues('npx')).toEqual([['', 'expected an object']]);
  });
});

describe('transportOf', () => {
  it('answers the transport each valid entry asks for', () => {
    const table: [Record<string, unknown>, string][] = [
      [{ command: 'npx' }, 'stdio'],
      [{ type: 'stdio', command: 'npx' }, 'stdio'],
      [{ url: 'https://x/mcp' }, 'http-auto'],
      [{ type: 'http', url: 'https://x/mcp' }, 'streamable-http'],
      [{ type: 'streamable-http', url: 'https://x/mcp' }, 'streamable-http'],
      [{ type: 'sse', url: 'https://x/sse' }, 'sse'],
    ];
    for (const [entry, transport] of table) {
      expect(ServerConfigSchema.parse(entry)).toEqual(entry);
      expect([entry, transportOf(ServerConfigSchema.parse(entry))]).toEqual([entry, transport]);
    }
  });

  it('guesses from what is there in an entry that does not validate (a draft in the form)', () => {
    const table: [Record<string, unknown>, string][] = [
      [{}, 'stdio'],
      [{ type: 'sse' }, 'sse'],
      [{ type: 'http', command: 'npx' }, 'streamable-http'],
      [{ type: 'stdio', url: 'https://x' }, 'http-auto'],
      [{ url: 42 }, 'stdio'],
      [{ type: 'websocket', url: 'wss://x' }, 'http-auto'],
    ];
    for (const [entry, transport] of table) expect([entry, transportOf(entry)]).toEqual([entry, transport]);
  });
});
