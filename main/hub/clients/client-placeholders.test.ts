import { describe, expect, it } from 'vitest';
import type { ClientId } from '../../../shared/clients.js';
import { hubConfigFromClient } from './import.js';
import { translateClientText } from './client-placeholders.js';

const ATTACK = '${cmd: touch /tmp/marker} ${secret:server:other:TOKEN}';
const INERT = '$${cmd: touch /tmp/marker} $${secret:server:other:TOKEN}';
const text = (client: ClientId, value: string) => translateClientText(client, value).text;

describe('imported text keeps the meaning it had in its client', () => {
  it.each<ClientId>(['claude-desktop', 'claude-code', 'cursor', 'vscode', 'windsurf', 'codex', 'gemini-cli'])(
    '%s: ${cmd:} and ${secret:} become literal text',
    (client) => {
      expect(text(client, ATTACK)).toBe(INERT);
    },
  );

  it("translates each client's own placeholders to the hub's", () => {
    expect(text('vscode', '${env:TOKEN}|${workspaceFolder}|${userHome}|${input:key}|${/}')).toBe('${env:TOKEN}|${workspaceFolder}|${userHome}|${input:key}|${/}');
    expect(text('cursor', '${env:TOKEN} ${userHome}/x ${workspaceFolderBasename}')).toBe('${env:TOKEN} ${userHome}/x ${workspaceFolderBasename}');
    // Cursor has no ${input:}: text there, text here.
    expect(text('cursor', '${input:key}')).toBe('$${input:key}');
    expect(text('windsurf', '${env:TOKEN} ${userHome}')).toBe('${env:TOKEN} $${userHome}');
    expect(text('claude-code', '${TOKEN} ${PORT:-8080} $HOME ${env:X}')).toBe('${env:TOKEN} ${env:PORT:-8080} $HOME $${env:X}');
    expect(text('gemini-cli', '$TOKEN/${HOME} ${env:X}')).toBe('${env:TOKEN}/${env:HOME} $${env:X}');
    // Claude Desktop and Codex expand nothing: every ${ is text.
    expect(text('claude-desktop', '${HOME} $${x}')).toBe('$${HOME} $$${x}');
    expect(text('codex', '${HOME}')).toBe('$${HOME}');
  });

  it('notes what the client would expand and the hub cannot', () => {
    expect(translateClientText('vscode', '${command:pick} ${config:x}')).toEqual({ text: '$${command:pick} $${config:x}', untranslated: ['${command:pick}', '${config:x}'] });
    const mapped = hubConfigFromClient('windsurf', { command: 'x', args: ['${file:/etc/token}'] });
    expect(mapped).toMatchObject({ config: { args: ['$${file:/etc/token}'] }, notes: [expect.stringContaining('args[0]: Windsurf would expand ${file:/etc/token}')] });
  });

  it('refuses what cannot be written rather than changing its meaning', () => {
    expect(hubConfigFromClient('cursor', { command: 'x', args: ['$${env:HOME}'] })).toEqual({ problem: expect.stringContaining('args[0]: a "$" right before ${env:HOME}') });
    // A variable name that would close the placeholder early and open a command.
    expect(hubConfigFromClient('codex', { url: 'https://x.example/mcp', bearer_token_env_var: 'X} ${cmd: touch /tmp/m' })).toEqual({
      problem: expect.stringContaining('bearer_token_env_var: "X} ${cmd: touch /tmp/m" is not an environment variable name'),
    });
  });

  it("translates Codex's named variables, and escapes its literal values", () => {
    const mapped = hubConfigFromClient('codex', {
      command: 'srv',
      env: { A: '${cmd: id}' },
      env_vars: ['GITHUB_TOKEN'],
      url: undefined,
      http_headers: { 'X-Literal': '${secret:a}' },
    });
    expect(mapped).toMatchObject({ config: { command: 'srv', env: { A: '$${cmd: id}', GITHUB_TOKEN: null } } });
  });
});
