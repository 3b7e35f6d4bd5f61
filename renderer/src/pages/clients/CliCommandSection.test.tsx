// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliCommandStatus } from '../../../../shared/clients.js';
import type { OperationName } from '../../../../shared/contract.js';
import type { HubClient } from '../../../../shared/hub-client.js';
import { createAppStores, StoresProvider } from '../../app/stores.js';
import { CliCommandSection } from './CliCommandSection.js';

afterEach(cleanup);

const PATH = '/home/me/.local/bin/mcp-hub';

/** A hub whose launcher state is `status`; install and remove change it as main/hub/clients/cli-launcher.ts does. */
function renderSection(status: CliCommandStatus) {
  const calls: OperationName[] = [];
  const answers: Partial<Record<OperationName, () => CliCommandStatus>> = {
    cliCommand: () => status,
    installCliCommand: () => (status = { ...status, installed: true, resolved: PATH }),
    removeCliCommand: () => (status = { ...status, installed: false, resolved: null }),
  };
  const client: HubClient = {
    invoke(name) {
      calls.push(name);
      const answer = answers[name];
      return (answer ? Promise.resolve().then(answer) : new Promise(() => {})) as never;
    },
    subscribe: () => () => {},
    onConnection: (listener) => {
      listener('open');
      return () => {};
    },
  };
  render(
    <StoresProvider stores={createAppStores(client)}>
      <CliCommandSection />
    </StoresProvider>,
  );
  return calls;
}

const base: CliCommandStatus = { available: true, path: PATH, installed: false, taken: false, onPath: true, resolved: null, notes: [] };

describe('the mcp-hub command on the Connect page', () => {
  it('installs the launcher, then removes it', async () => {
    const calls = renderSection(base);
    await screen.findByText(/No mcp-hub is on your PATH now/);
    fireEvent.click(await screen.findByRole('button', { name: 'Install the command-line tool' }));
    await screen.findByText('Installed');
    expect(screen.getByText(PATH, { selector: 'p code' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Remove the command-line tool' }));
    await screen.findByText('Not installed');
    expect(calls.filter((name) => name.toLowerCase().includes('clicommand'))).toEqual(['cliCommand', 'installCliCommand', 'removeCliCommand']);
  });

  it('offers nothing over a program it did not write, and says why', async () => {
    renderSection({ ...base, taken: true, resolved: PATH, notes: [`${PATH} exists and was not written by MCP Hub; the app leaves it alone.`] });
    await screen.findByText(/was not written by MCP Hub; the app leaves it alone/);
    expect(screen.queryByRole('button', { name: /command-line tool/ })).toBeNull();
  });
});
