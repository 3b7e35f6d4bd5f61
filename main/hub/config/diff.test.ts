import { describe, expect, it } from 'vitest';
import { diffServers } from './diff.js';
import { ServerConfigSchema } from '../../../shared/config.js';
import type { ServerDefinition } from './types.js';

const def = (name: string, entry: Record<string, unknown>, source = '/a.json'): ServerDefinition => ({ name, source, entry, config: ServerConfigSchema.parse(entry) });

describe('diffServers', () => {
  it('sorts servers into added, removed, modified, updated and unchanged', () => {
    const before = [def('a', { command: 'x' }), def('b', { command: 'y' }), def('c', { command: 'z' }), def('d', { command: 'w' })];
    const after = [
      def('a', { command: 'x' }),
      def('b', { command: 'y', args: ['--new'] }),
      def('c', { command: 'z', description: 'now described', disabled: true }),
      def('e', { url: 'http://x' }),
    ];
    expect(diffServers(before, after)).toEqual({ added: ['e'], removed: ['d'], modified: ['b'], updated: ['c'], unchanged: ['a'] });
  });

  it('ignores key order and treats a new source file as a change', () => {
    expect(diffServers([def('a', { command: 'x', env: { A: '1', B: '2' } })], [def('a', { env: { B: '2', A: '1' }, command: 'x' })]).unchanged).toEqual(['a']);
    expect(diffServers([def('a', { command: 'x' })], [def('a', { command: 'x' }, '/b.json')]).modified).toEqual(['a']);
  });

  it('takes lazy, idleTimeout and the file-level defaults for changes that need no new connection', () => {
    const before = [def('a', { command: 'x' }), def('b', { command: 'y' }), def('c', { command: 'z', lazy: true })];
    const after = [def('a', { command: 'x', lazy: true, idleTimeout: 60 }), { ...def('b', { command: 'y' }), fileDefaults: { lazy: true } }, def('c', { command: 'z', lazy: true })];
    expect(diffServers(before, after)).toMatchObject({ modified: [], updated: ['a', 'b'], unchanged: ['c'] });
  });
});
