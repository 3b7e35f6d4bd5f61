import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ConfigFileError, ensureConfigFile, loadConfigFiles, parseConfigText } from './load.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hub-config-load-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, text);
  return path;
}

async function loadError(paths: string[]): Promise<ConfigFileError> {
  const error: unknown = await loadConfigFiles(paths).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof ConfigFileError) return error;
  throw new Error(`expected a ConfigFileError, got ${String(error)}`);
}

describe('loadConfigFiles', () => {
  it('merges files in order: a later server replaces an earlier one whole, keeping its place', async () => {
    const global = await file(
      'global.json',
      JSON.stringify({
        mcpServers: {
          a: { command: 'a1', env: { KEEP: 'not merged' } },
          b: { command: 'b1' },
        },
      }),
    );
    const project = await file('project/mcp.json', JSON.stringify({ mcpServers: { c: { command: 'c2' }, a: { command: 'a2' } } }));
    const loaded = await loadConfigFiles([global, project]);
    expect(loaded.files).toEqual([
      { path: global, missing: false, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { path: project, missing: false, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    expect(loaded.servers).toEqual([
      { name: 'a', source: project, entry: { command: 'a2' }, config: { command: 'a2' } },
      { name: 'b', source: global, entry: { command: 'b1' }, config: { command: 'b1' } },
      { name: 'c', source: project, entry: { command: 'c2' }, config: { command: 'c2' } },
    ]);
  });

  it("never lets a project file's server replace one of the user's: it is listed as shadowed", async () => {
    const user = await file('user.json', JSON.stringify({ mcpServers: { a: { command: 'mine' } } }));
    const project = await file('repo/.mcp-hub.json', JSON.stringify({ mcpServers: { a: { command: 'theirs' }, b: { command: 'b' } } }));
    const loaded = await loadConfigFiles([user, project], { projectFiles: new Set([project]) });
    expect(loaded.servers.map((s) => [s.name, s.config?.command])).toEqual([
      ['a', 'mine'],
      ['b', 'b'],
    ]);
    expect(loaded.shadowed).toEqual([{ name: 'a', source: project, shadowedBy: user }]);
  });

  it('treats a missing file as no servers, not an error', async () => {
    const present = await file('a.json', '{"mcpServers": {"x": {"command": "x"}}}');
    const missing = join(dir, 'nope', 'mcp.json');
    const loaded = await loadConfigFiles([missing, present]);
    expect(loaded.files).toEqual([
      { path: missing, missing: true },
      { path: present, missing: false, hash: expect.any(String) },
    ]);
    expect(loaded.servers.map((s) => s.name)).toEqual(['x']);
  });

  it('makes paths and sources absolute', async () => {
    await file('rel.json', '{"mcpServers": {"x": {"command": "x"}}}');
    const loaded = await loadConfigFiles([relative(process.cwd(), join(dir, 'rel.json'))]);
    expect(loaded.files[0]?.path).toBe(join(dir, 'rel.json'));
    expect(loaded.servers[0]?.source).toBe(join(dir, 'rel.json'));
  });

  it('loads JSON5 files', async () => {
    const path = await file('mcp.json5', "{\n  // hub\n  mcpServers: { fs: { command: 'npx', args: ['-y', 'fs',], } },\n}");
    const loaded = await loadConfigFiles([path]);
    expect(loaded.servers).toEqual([{ name: 'fs', source: path, entry: { command: 'npx', args: ['-y', 'fs'] }, config: { command: 'npx', args: ['-y', 'fs'] } }]);
  });

  it('keeps loading the other servers when one entry is invalid', async () => {
    const path = await file('mcp.json', '{\n  "mcpServers": {\n    "bad": { "command": 7 },\n    "good": { "command": "ok" }\n  }\n}');
    const loaded = await loadConfigFiles([path]);
    expect(loaded.servers).toEqual([
      { name: 'bad', source: path, entry: { command: 7 }, config: undefined, problem: `${path}:3:25: mcpServers.bad.command: expected a non-empty string` },
      { name: 'good', source: path, entry: { command: 'ok' }, config: { command: 'ok' } },
    ]);
  });

  it('throws ConfigFileError with file, line and column on a syntax error', async () => {
    const good = await file('good.json', '{"mcpServers": {}}');
    const bad = await file('bad.json', '{\n  "mcpServers": {\n    "a": { "command": "x" }\n    "b": {}\n  }\n}');
    const error = await loadError([good, bad]);
    expect(error.message).toBe(`${bad}:4:5: expected a comma or closing brace`);
    expect(error).toMatchObject({ file: bad, line: 4, column: 5, reason: 'expected a comma or closing brace' });
  });

  it('throws ConfigFileError for a path that is a directory', async () => {
    await mkdir(join(dir, 'adir'));
    const error = await loadError([join(dir, 'adir')]);
    expect(error.message).toBe(`${join(dir, 'adir')}: cannot read the file: is a directory, not a file (EISDIR)`);
    expect(error.line).toBeUndefined();
  });
});

describe('parseConfigText', () => {
  it('reads profiles, keeping an invalid one with its problem located in the file', () => {
    const text = '{\n  "profiles": {\n    "ok": {"servers": ["a*"], "toolMode": "search"},\n    "bad name!": {},\n    "wrong": {"pinned": "x"}\n  }\n}';
    const { profiles } = parseConfigText(text, '/virtual/mcp.json');
    expect(profiles.map((profile) => [profile.name, profile.problem])).toEqual([
      ['ok', undefined],
      ['bad name!', expect.stringMatching(/^\/virtual\/mcp\.json:4:\d+: profiles\["bad name!"\]: the profile name must be/)],
      ['wrong', expect.stringMatching(/^\/virtual\/mcp\.json:5:\d+: profiles\.wrong\.pinned: expected an array/)],
    ]);
    expect(profiles[0]?.config).toEqual({ servers: ['a*'], toolMode: 'search' });
    expect(() => parseConfigText('{"profiles": []}', '/virtual/mcp.json')).toThrow(/profiles: expected an object of profiles/);
  });


  it('uses the given file name for sources and messages', () => {
    expect(parseConfigText('{"servers": {"s": {"url": "https://x"}}}', '/virtual/mcp.json')).toEqual({
      servers: [{ name: 's', source: '/virtual/mcp.json', entry: { url: 'https://x' }, config: { url: 'https://x' } }],
      profiles: [],
    });
    expect(() => parseConfigText('[]', '/virtual/mcp.json')).toThrow(
      new ConfigFileError('/virtual/mcp.json', 'expected a JSON object at the top level', { line: 1, column: 1 }),
    );
  });
});

describe('ensureConfigFile', () => {
  it('creates an empty config and its directories once', async () => {
    const path = join(dir, 'deep', 'er', 'mcp.json');
    expect(await ensureConfigFile(path)).toBe(true);
    expect(await readFile(path, 'utf8')).toBe('{\n  "mcpServers": {}\n}\n');
    expect((await loadConfigFiles([path])).servers).toEqual([]);
    expect(await ensureConfigFile(path)).toBe(false);
  });

  it('never overwrites an existing file', async () => {
    const path = await file('mine.json', '{"mcpServers": {"x": {"command": "x"}}}');
    expect(await ensureConfigFile(path)).toBe(false);
    expect(await readFile(path, 'utf8')).toBe('{"mcpServers": {"x": {"command": "x"}}}');
  });
});
