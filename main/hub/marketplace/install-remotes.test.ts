import { describe, expect, it } from 'vitest';
import { expectValidConfig, fixture } from './install.fixture.js';
import { configFromEntry } from './install.js';
import { requiredRuntime } from './runtime.js';

describe('configFromEntry: remotes', () => {
  it('builds {type, url, headers} with a secret header as a placeholder inside its template', () => {
    const result = configFromEntry(fixture('com.example/notes'), { remote: 0 }, { token: 'nt-secret-42' });
    expect(result.config).toEqual({
      type: 'streamable-http',
      url: 'https://mcp.notes.example.com/mcp',
      headers: { Authorization: 'Bearer ${secret:server:com.example/notes:token}', 'X-Region': 'eu' },
    });
    expect(result.secrets).toEqual([{ name: 'server:com.example/notes:token', value: 'nt-secret-42' }]);
    expectValidConfig(result);
    expect(requiredRuntime(result.config!)).toBeUndefined();
  });

  it('uses the remote chosen, and the first package or remote by default', () => {
    expect(configFromEntry(fixture('com.example/notes'), { remote: 1 }, {}).config).toEqual({
      type: 'sse',
      url: 'https://mcp.notes.example.com/sse',
    });
    expect(configFromEntry(fixture('com.example/notes'), {}, {}).missing).toEqual(['token']);
    expect(configFromEntry(fixture('com.example/notes'), { remote: 5 }, {})).toMatchObject({
      config: null,
      notices: ['com.example/notes has no remote #5'],
    });
  });

  it('fills URL template variables and needs the required ones', () => {
    const crm = fixture('com.example/tenant-crm');
    const missing = configFromEntry(crm, {}, {});
    expect(missing.config).toBeNull();
    expect(missing.missing).toEqual(['tenant', 'X-Api-Key']);
    const ok = configFromEntry(crm, {}, { tenant: 'acme', 'X-Api-Key': 'crm-key-987' });
    expect(ok.config).toEqual({
      type: 'sse',
      url: 'https://acme.crm.example.com/sse',
      headers: { 'X-Api-Key': '${secret:server:com.example/tenant-crm:X-Api-Key}' },
    });
    expectValidConfig(ok);
  });

  it('refuses header values with line breaks, secret ones included', () => {
    const crm = configFromEntry(fixture('com.example/tenant-crm'), {}, { tenant: 'a', 'X-Api-Key': 'key\r\nInjected: yes' });
    expect(crm.invalid).toEqual(['X-Api-Key: a header value cannot contain line breaks']);
    expect(crm.secrets).toEqual([]);
    const notes = configFromEntry(fixture('com.example/notes'), {}, { token: 'abc\nX: y' });
    expect(notes.invalid).toEqual(['token: a header value cannot contain line breaks']);
    expect(notes.config).toEqual({ type: 'streamable-http', url: 'https://mcp.notes.example.com/mcp', headers: { 'X-Region': 'eu' } });
  });
});
