// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HubClientError, type HubClient } from '../../../../shared/hub-client.js';
import { RawEditor } from './RawEditor.js';
import { createConfigStore } from './store.js';

const PATH = '/home/me/.config/mcphub/config.json';

beforeAll(() => {
  // CodeMirror measures text; jsdom lays nothing out, so it gets empty boxes.
  const empty = () => ({ length: 0, item: () => null, [Symbol.iterator]: function* () {} }) as unknown as DOMRectList;
  Range.prototype.getClientRects = empty;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
  Element.prototype.getClientRects = empty;
});
afterEach(cleanup);

type Write = (input: { path: string; text: string; hash: string }) => Promise<unknown>;

/** A hub with one config file, answering writeConfig as the test says. */
function setup(text: string, write: Write = async (input) => ({ status: 'ok', file: { path: PATH, exists: true, hash: 'h2', text: input.text } })) {
  const writes: { path: string; text: string; hash: string }[] = [];
  /** The file on disk; a test changes it and calls load() as a config_changed event would. */
  const disk = { hash: 'h1', text };
  const client: HubClient = {
    invoke: (async (name: string, input: { path: string; text: string; hash: string }) => {
      if (name === 'readConfig') return { files: [{ path: PATH, exists: true, ...disk }] };
      if (name === 'writeConfig') {
        writes.push(input);
        return write(input);
      }
      throw new Error(`unexpected ${name}`);
    }) as HubClient['invoke'],
    subscribe: () => () => {},
    onConnection: () => () => {},
  };
  const store = createConfigStore(client);
  return { store, writes, disk };
}

async function renderEditor(text: string, write?: Write) {
  const hub = setup(text, write);
  await act(() => hub.store.getState().load());
  render(<RawEditor store={hub.store} path={PATH} />);
  return hub;
}

const problems = () => within(screen.getByRole('region', { name: /Problems/ }));

/** Types into the editor the way CodeMirror sees input: a change to its document through the store's handler. */
function edit(store: ReturnType<typeof createConfigStore>, text: string) {
  act(() => store.getState().editRaw(PATH, text));
}

describe('the raw config editor', () => {
  it('accepts JSON with comments and trailing commas', async () => {
    await renderEditor('{\n  // mine\n  "mcpServers": {\n    "a": { "command": "node", },\n  },\n}\n');
    expect(problems().getByText(/No problems found/)).toBeTruthy();
    expect(screen.getByRole('textbox', { name: `Config file ${PATH}` }).textContent).toContain('// mine');
  });

  it('locates a syntax error by line and column, in the list and in the gutter', async () => {
    const { store } = await renderEditor('{}');
    edit(store, '{\n  "mcpServers": {\n    "a": { "command": "node" }\n    "b": { "command": "node" }\n  }\n}');
    const items = problems().getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual(['Line 4, column 5: expected ","']);
    await waitFor(() => expect(document.querySelector('.cm-lint-marker-error')).not.toBeNull());
  });

  it('checks each server entry against the hub’s schema, at the offending value', async () => {
    const { store } = await renderEditor('{}');
    edit(store, '{\n  "mcpServers": {\n    "ok": { "command": "node" },\n    "bad": {\n      "command": 1,\n      "env": { "A=B": "x" }\n    }\n  }\n}');
    const items = problems().getAllByRole('listitem').map((item) => item.textContent);
    expect(items).toEqual([
      'Line 5, column 18: mcpServers.bad.command: expected a non-empty string',
      'Line 6, column 16: mcpServers.bad.env["A=B"]: environment variable names must be non-empty and contain no "=" or NUL',
    ]);
    edit(store, '{ "servers": { "remote": { "command": "x", "url": "https://example.com/mcp" } } }');
    expect(problems().getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'Line 1, column 26: servers.remote: cannot mix command (stdio) and url (remote)',
    ]);
  });

  it('saves over the version it read, and on a 409 shows both versions without losing the text', async () => {
    const theirs = '{ "mcpServers": {} } // changed by someone else';
    const { store, writes } = await renderEditor('{ "mcpServers": {} }', async () => {
      throw new HubClientError({ code: 'CONFIG_CONFLICT', message: 'changed', status: 409, data: { path: PATH, expectedHash: 'h1', current: { hash: 'h3', exists: true, text: theirs } } });
    });
    const mine = '{ "mcpServers": {} } // mine';
    edit(store, mine);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const conflict = await screen.findByRole('region', { name: 'Not saved: the file changed on disk' });
    expect(writes).toEqual([{ path: PATH, text: mine, hash: 'h1' }]);
    expect(within(conflict).getByRole('textbox', { name: 'Your version (not saved)' }).textContent).toBe(mine);
    expect(within(conflict).getByRole('textbox', { name: 'The version on disk' }).textContent).toBe(theirs);
    expect(store.getState().raw[PATH]!.text).toBe(mine);

    // Keep mine names the version it was shown, so it overwrites that one and nothing newer.
    fireEvent.click(within(conflict).getByRole('button', { name: 'Keep mine (overwrite)' }));
    await waitFor(() => expect(writes).toHaveLength(2));
    expect(writes[1]).toEqual({ path: PATH, text: mine, hash: 'h3' });
  });

  it('shows why the hub refused a save (400), and keeps the text', async () => {
    const problem = `${PATH}:1:31: mcpServers.a.command: expected a non-empty string`;
    const { store } = await renderEditor('{ "mcpServers": {} }', async () => {
      throw new HubClientError({ code: 'CONFIG_INVALID', message: `not saved, ${PATH} would be invalid`, status: 400, data: { path: PATH, problems: [problem] } });
    });
    edit(store, '{ "mcpServers": { "a": { "command": "" } } }');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Not saved.');
    expect(within(alert).getByRole('button', { name: problem })).toBeTruthy();
    expect(store.getState().raw[PATH]!.text).toBe('{ "mcpServers": { "a": { "command": "" } } }');
    expect(screen.getByText('Unsaved changes')).toBeTruthy();
  });

  it('follows the disk while clean, and only warns while there are unsaved changes', async () => {
    const hub = await renderEditor('{ "mcpServers": {} }');
    const reread = async (text: string, hash: string) => {
      Object.assign(hub.disk, { text, hash });
      await act(() => hub.store.getState().load());
    };
    await reread('{ "mcpServers": {} } // 2', 'h2');
    expect(screen.getByRole('textbox', { name: `Config file ${PATH}` }).textContent).toBe('{ "mcpServers": {} } // 2');
    edit(hub.store, '{ "mcpServers": {} } // mine');
    await reread('{ "mcpServers": {} } // 3', 'h3');
    expect(screen.getByRole('alert').textContent).toContain('The file changed on disk since you opened it');
    expect(screen.getByRole('textbox', { name: `Config file ${PATH}` }).textContent).toBe('{ "mcpServers": {} } // mine');
  });
});
