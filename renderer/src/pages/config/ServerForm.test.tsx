// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { draftFromConfig, emptyDraft, type ServerDraft } from './draft.js';
import { ServerForm, splitCommandLine } from './ServerForm.js';

afterEach(cleanup);

function Harness({ initial, isNew, onSave }: { initial: ServerDraft; isNew: boolean; onSave: (name: string, config: Record<string, unknown>) => void }) {
  const [draft, setDraft] = useState(initial);
  return (
    <ServerForm
      draft={draft}
      onChange={setDraft}
      isNew={isNew}
      takenNames={new Set(['memory', 'everything'])}
      dirty
      busy={false}
      onSave={onSave}
      onRevert={() => setDraft(initial)}
    />
  );
}

function setup(initial: ServerDraft, isNew: boolean) {
  const onSave = vi.fn<(name: string, config: Record<string, unknown>) => void>();
  render(<Harness initial={initial} isNew={isNew} onSave={onSave} />);
  const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
  const click = (name: string) => fireEvent.click(screen.getByRole('button', { name }));
  return { onSave, type, click };
}

/** The message a screen reader hears for a field: its described-by error, only while it is marked invalid. */
const errorFor = (label: string) => {
  const input = screen.getByLabelText(label);
  if (input.getAttribute('aria-invalid') !== 'true') return undefined;
  const ids = input.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id)).find((element) => element?.classList.contains('field-error'))?.textContent;
};

describe('the server form', () => {
  it('checks a new server as it is typed, with the hub’s own messages, and saves only a valid entry', () => {
    const { onSave, type, click } = setup(emptyDraft(), true);
    // Nothing touched yet: no messages.
    expect(screen.queryByText('a name is required')).toBeNull();
    click('Add server');
    expect(onSave).not.toHaveBeenCalled();
    expect(errorFor('Server name')).toBe('a name is required');
    expect(errorFor('Command')).toBe('a command is required (the program that runs the server)');

    type('Server name', 'memory');
    expect(errorFor('Server name')).toBe('a server named memory already exists');
    type('Server name', 'brain');
    expect(errorFor('Server name')).toBeUndefined();
    type('Command', 'node');
    expect(errorFor('Command')).toBeUndefined();

    click('Add variable');
    type('Variable name 1', 'A=B');
    expect(screen.getByText('environment variable names must be non-empty and contain no "=" or NUL')).toBeTruthy();
    type('Variable name 1', 'MEMORY_FILE_PATH');
    type('Value of MEMORY_FILE_PATH', '/tmp/m.jsonl');
    click('Add variable');
    type('Variable name 2', 'MEMORY_FILE_PATH');
    expect(screen.getByText('MEMORY_FILE_PATH is listed twice')).toBeTruthy();
    fireEvent.click(screen.getAllByRole('button', { name: 'Remove MEMORY_FILE_PATH' })[1]!);

    type('Timeout (ms)', '-5');
    expect(errorFor('Timeout (ms)')).toBe('expected a positive number of milliseconds');
    type('Timeout (ms)', '');

    click('Add argument');
    type('Argument 1', 'server.js');
    click('Add server');
    expect(onSave).toHaveBeenCalledWith('brain', { command: 'node', args: ['server.js'], env: { MEMORY_FILE_PATH: '/tmp/m.jsonl' } });
  });

  it('masks secret-looking values until shown, and explains [redacted]', () => {
    const draft = draftFromConfig('memory', {
      command: 'node',
      env: { API_KEY: '[redacted]', MEMORY_FILE_PATH: '/tmp/m.jsonl', GITHUB_TOKEN: '${env:GITHUB_TOKEN}', HOME: null },
    });
    setup(draft, false);
    const secret = screen.getByLabelText('Value of API_KEY');
    expect(secret.getAttribute('type')).toBe('password');
    expect((secret as HTMLInputElement).value).toBe('[redacted]');
    expect(screen.getByLabelText('Value of MEMORY_FILE_PATH').getAttribute('type')).toBe('text');
    // A placeholder names a secret without being one.
    expect(screen.getByLabelText('Value of GITHUB_TOKEN').getAttribute('type')).toBe('text');
    // Inherited: no value of its own.
    expect((screen.getByLabelText('Value of HOME') as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText(/Values shown as \[redacted\] are secrets the hub does not send/)).toBeTruthy();

    const show = screen.getByRole('button', { name: 'Show the value of API_KEY' });
    fireEvent.click(show);
    expect(secret.getAttribute('type')).toBe('text');
    expect(show.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(show);
    expect(secret.getAttribute('type')).toBe('password');
  });

  it('does not let a copy carry a secret it was never shown', () => {
    const { onSave, click } = setup(draftFromConfig('memory-copy', { command: 'node', env: { API_KEY: '[redacted]' } }), true);
    click('Add server');
    expect(errorFor('Value of API_KEY')).toBe('type the real value: the hub does not show secrets, so a new server cannot reuse this one');
    expect(onSave).not.toHaveBeenCalled();
  });

  it('keeps the fields it has no editor for, and the order they were written in', () => {
    const { onSave, type, click } = setup(draftFromConfig('memory', { command: 'node', autoApprove: ['read_graph'], args: ['m.js'], env: { A: 'b' } }), false);
    expect(screen.getByText('autoApprove')).toBeTruthy();
    type('Description', 'remembers');
    click('Save');
    const [, config] = onSave.mock.calls[0]!;
    expect(Object.keys(config)).toEqual(['command', 'autoApprove', 'args', 'env', 'description']);
    expect(config).toEqual({ command: 'node', autoApprove: ['read_graph'], args: ['m.js'], env: { A: 'b' }, description: 'remembers' });
  });

  it('switches transport: a remote server needs a URL and is saved without the stdio fields', () => {
    const { onSave, type, click } = setup(draftFromConfig('memory', { command: 'node', args: ['m.js'] }), false);
    fireEvent.click(screen.getByRole('radio', { name: /Streamable HTTP/ }));
    expect(errorFor('URL')).toBe('a URL is required');
    type('URL', 'https://example.com/mcp');
    click('Add header');
    type('Header name 1', 'Authorization');
    type('Value of Authorization', 'Bearer abcdef');
    expect(screen.getByLabelText('Value of Authorization').getAttribute('type')).toBe('password');
    click('Save');
    expect(onSave).toHaveBeenCalledWith('memory', { type: 'streamable-http', url: 'https://example.com/mcp', headers: { Authorization: 'Bearer abcdef' } });
    // Back to stdio: what was typed there is still in the draft.
    fireEvent.click(screen.getByRole('radio', { name: /stdio/ }));
    expect((screen.getByLabelText('Command') as HTMLInputElement).value).toBe('node');
  });

  it('edits fields the schema adds, such as oauth, from the schema itself', () => {
    const { onSave, type, click } = setup(draftFromConfig('remote', { url: 'https://example.com/mcp' }), false);
    const oauth = within(screen.getByRole('group', { name: 'OAuth' }));
    fireEvent.change(oauth.getByLabelText('Client secret'), { target: { value: 'shh-secret' } });
    expect(oauth.getByLabelText('Client secret').getAttribute('type')).toBe('password');
    click('Save');
    expect(screen.getByText('clientSecret needs the clientId it belongs to')).toBeTruthy();
    expect(onSave).not.toHaveBeenCalled();
    type('Client ID', 'hub-client');
    click('Save');
    expect(onSave).toHaveBeenCalledWith('remote', { url: 'https://example.com/mcp', oauth: { clientSecret: 'shh-secret', clientId: 'hub-client' } });
  });

  it('splits a pasted command line into command and arguments', () => {
    expect(splitCommandLine('npx -y @scope/server --root "/my files" \'a b\'')).toEqual(['npx', '-y', '@scope/server', '--root', '/my files', 'a b']);
    const { type } = setup(emptyDraft(), true);
    type('Command', 'npx -y @modelcontextprotocol/server-memory');
    fireEvent.click(screen.getByRole('button', { name: 'Split it into command and arguments' }));
    expect((screen.getByLabelText('Command') as HTMLInputElement).value).toBe('npx');
    expect((screen.getByLabelText('Argument 2') as HTMLInputElement).value).toBe('@modelcontextprotocol/server-memory');
  });
});
