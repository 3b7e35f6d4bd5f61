import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSize, rollingLogFile } from './log-file.js';

const dirs: string[] = [];
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'log-file-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the rolling log file', () => {
  it('continues the highest numbered file an earlier hub (or pino-roll) left, appending to it', () => {
    const dir = folder();
    writeFileSync(join(dir, 'mcp-hub-37373.2.log'), 'earlier line\n');
    writeFileSync(join(dir, 'mcp-hub-37373.1.log'), 'oldest line\n');
    writeFileSync(join(dir, 'mcp-hub-4000.9.log'), 'another port\n');
    const file = rollingLogFile(join(dir, 'mcp-hub-37373.log'), { size: '10m', files: 5 }, 0o600, (error) => {
      throw error;
    });
    file.write('new line\n');
    expect(readFileSync(join(dir, 'mcp-hub-37373.2.log'), 'utf8')).toBe('earlier line\nnew line\n');
    expect(readdirSync(dir).sort()).toEqual(['mcp-hub-37373.1.log', 'mcp-hub-37373.2.log', 'mcp-hub-4000.9.log']);
  });

  it('starts the next file at the size limit and keeps only the newest files, readable by its user alone', async () => {
    const dir = folder();
    const file = rollingLogFile(join(dir, 'hub.log'), { size: '100b', files: 2 }, 0o600, (error) => {
      throw error;
    });
    for (let i = 0; i < 10; i++) file.write(`${'x'.repeat(59)}\n`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const names = readdirSync(dir).sort();
    expect(names).toEqual(['hub.5.log', 'hub.6.log']);
    for (const name of names) expect((statSync(join(dir, name)).mode & 0o777).toString(8)).toBe('600');
  });

  it('reports a folder it cannot write to once, and drops the lines instead of throwing', () => {
    const dir = folder();
    writeFileSync(join(dir, 'not-a-folder'), '');
    const errors: string[] = [];
    const file = rollingLogFile(join(dir, 'not-a-folder', 'hub.log'), { size: '1m', files: 2 }, 0o600, (error) => errors.push(error.message));
    file.write('a line\n');
    file.write('another\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/ENOTDIR|EEXIST/);
  });
});

describe('sizes in pino-roll notation', () => {
  it('reads k, m, g and b, and megabytes without a unit', () => {
    expect(parseSize('20k')).toBe(20 * 1024);
    expect(parseSize('10m')).toBe(10 * 1024 ** 2);
    expect(parseSize('1g')).toBe(1024 ** 3);
    expect(parseSize('512b')).toBe(512);
    expect(parseSize('2')).toBe(2 * 1024 ** 2);
    expect(() => parseSize('ten')).toThrow('ten is not a valid size');
  });
});
