import { describe, expect, it } from 'vitest';
import type { HubClient } from '../../../../shared/hub-client.js';
import { configFromDraft } from './draft.js';
import { createConfigStore, isFormDirty } from './store.js';

const PATH = '/cfg/mcp.json';

function setup(text: string) {
  const disk = { hash: 'h1', text };
  const client: HubClient = {
    invoke: (async (name: string) => {
      if (name === 'readConfig') return { files: [{ path: PATH, exists: true, ...disk }] };
      throw new Error(`unexpected ${name}`);
    }) as HubClient['invoke'],
    subscribe: () => () => {},
    onConnection: () => () => {},
  };
  const store = createConfigStore(client);
  /** The file changes on disk and the page re-reads it, as on a config_changed event. */
  const change = async (next: string, hash: string) => {
    Object.assign(disk, { text: next, hash });
    await store.getState().load();
  };
  return { store, change };
}

const config = (description: string) => `{ "mcpServers": { "memory": { "command": "node", "description": ${JSON.stringify(description)} } } }`;

describe('the config store', () => {
  it('keeps an unsaved form edit through re-reads, and lets a clean form follow the disk', async () => {
    const { store, change } = setup(config('one'));
    await store.getState().load();
    store.getState().openServer('memory');
    expect(store.getState().form?.draft.description).toBe('one');

    await change(config('two'), 'h2');
    expect(store.getState().form?.draft.description).toBe('two');

    store.getState().editForm({ ...store.getState().form!.draft, command: '/usr/bin/node' });
    expect(isFormDirty(store.getState().form)).toBe(true);
    await change(config('three'), 'h3');
    const form = store.getState().form!;
    expect(configFromDraft(form.draft)).toEqual({ command: '/usr/bin/node', description: 'two' });
    // The entry it was opened from stays its base, so the page can tell it changed on disk.
    expect(form.base).toEqual({ command: 'node', description: 'two' });
  });

  it('keeps unsaved raw text through re-reads, and follows the disk while clean', async () => {
    const { store, change } = setup('{}');
    await store.getState().load();
    await change('{ "mcpServers": {} }', 'h2');
    expect(store.getState().raw[PATH]).toMatchObject({ text: '{ "mcpServers": {} }', base: { hash: 'h2' } });

    store.getState().editRaw(PATH, '{ "mcpServers": {} } // mine');
    await change('{ "mcpServers": {} } // theirs', 'h3');
    expect(store.getState().raw[PATH]).toMatchObject({ text: '{ "mcpServers": {} } // mine', base: { hash: 'h2' } });
    expect(store.getState().files[0]?.hash).toBe('h3');

    // Taking theirs sets the text aside, and it can be brought back.
    store.getState().takeTheirs(PATH);
    expect(store.getState().raw[PATH]).toMatchObject({ text: '{ "mcpServers": {} } // theirs', discarded: '{ "mcpServers": {} } // mine' });
    store.getState().restoreDiscarded(PATH);
    expect(store.getState().raw[PATH]).toMatchObject({ text: '{ "mcpServers": {} } // mine', base: { hash: 'h3' }, discarded: undefined });
  });
});
