// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { OperationName, OperationResult } from '../../../shared/contract.js';
import type { HubClient, InvokeOptions } from '../../../shared/hub-client.js';
import type { MarketplaceEntry } from '../../../shared/marketplace.js';
import { createAppStores, StoresProvider } from '../app/stores.js';
import { MarketplacePage } from './MarketplacePage.js';
import { SEARCH_DEBOUNCE_MS } from './marketplace/useMarketplace.js';

function entry(id: string, extra: Partial<MarketplaceEntry> = {}): MarketplaceEntry {
  const name = id.split('/')[1]!;
  return {
    id,
    name,
    description: `The ${name} server`,
    author: 'someone',
    url: '',
    category: null,
    tags: [],
    transports: ['stdio'],
    updatedAt: null,
    publishedAt: null,
    stars: null,
    version: '1.0.0',
    status: 'active',
    statusMessage: null,
    isLatest: true,
    title: null,
    packages: [{ registryType: 'npm', identifier: name, version: '1.0.0' }],
    remotes: [],
    repository: null,
    websiteUrl: null,
    icons: [],
    registry: 'http://registry.test',
    ...extra,
  };
}

type List = OperationResult<'listMarketplace'>;
const list = (servers: MarketplaceEntry[]): List => ({ servers, source: 'registry', stale: false, fetchedAt: null, ageMs: null, errors: [], truncated: false });

const wait = (ms: number) => act(() => new Promise((resolve) => setTimeout(resolve, ms)));

/** A hub whose marketplace answers only when the test says so. */
async function setup() {
  const searches: { input: Record<string, unknown>; signal: AbortSignal | undefined; answer(result: List): void }[] = [];
  const client: HubClient = {
    invoke: ((name: OperationName, input: Record<string, unknown>, options?: InvokeOptions) => {
      if (name === 'listServers') return Promise.resolve({ servers: [] });
      if (name === 'readConfig') return Promise.resolve({ files: [] });
      if (name === 'listMarketplace') return new Promise<List>((resolve) => searches.push({ input, signal: options?.signal, answer: resolve }));
      return new Promise(() => {});
    }) as HubClient['invoke'],
    subscribe: () => () => {},
    onConnection(listener) {
      listener('open');
      return () => {};
    },
  };
  render(
    <StoresProvider stores={createAppStores(client)}>
      <MarketplacePage />
    </StoresProvider>,
  );
  // The first load is asked for at once (and again when the server list arrives).
  await waitFor(() => expect(searches.at(-1)?.signal?.aborted).toBe(false));
  await wait(50);
  return searches;
}

const cards = () => within(screen.getByRole('list', { name: 'Marketplace servers' })).getAllByRole('listitem');

afterEach(cleanup);

describe('MarketplacePage', () => {
  it('searches once typing pauses, cancels overtaken searches and never shows their answers', async () => {
    const searches = await setup();
    await act(async () => searches.at(-1)!.answer(list([entry('a/weather'), entry('a/memory')])));
    expect(cards()).toHaveLength(2);
    const before = searches.length;

    const box = screen.getByRole('searchbox', { name: 'Search the marketplace' });
    fireEvent.change(box, { target: { value: 'm' } });
    fireEvent.change(box, { target: { value: 'me' } });
    await wait(SEARCH_DEBOUNCE_MS + 50);
    fireEvent.change(box, { target: { value: 'mem' } });
    await wait(SEARCH_DEBOUNCE_MS + 50);
    // "m" never went out; "me" went out and was cancelled when "mem" was typed.
    const typed = searches.slice(before);
    expect(typed.map((s) => s.input['search'])).toEqual(['me', 'mem']);
    expect(typed[0]!.signal?.aborted).toBe(true);
    expect(typed[1]!.signal?.aborted).toBe(false);

    await act(async () => typed[1]!.answer(list([entry('a/memory')])));
    await act(async () => typed[0]!.answer(list([entry('a/memo-pad'), entry('a/memory')])));
    expect(cards().map((card) => card.getAttribute('aria-label'))).toEqual(['memory']);
    expect(screen.getByText('1 server match')).toBeTruthy();
  });

  it('sends the filters, and marks installed entries and available updates', async () => {
    const searches = await setup();
    fireEvent.change(screen.getByLabelText('Package type'), { target: { value: 'pypi' } });
    fireEvent.change(screen.getByLabelText('Transport'), { target: { value: 'stdio' } });
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'deprecated' } });
    await wait(SEARCH_DEBOUNCE_MS + 50);
    expect(searches.at(-1)?.input).toEqual({ sort: 'newest', registryType: 'pypi', transport: 'stdio', status: 'deprecated' });
    await act(async () =>
      searches.at(-1)!.answer(
        list([
          entry('a/current', { installed: [{ server: 'current', version: '1.0.0', latestVersion: '1.0.0', updateAvailable: false }] }),
          entry('a/old', { installed: [{ server: 'old', version: '0.9.0', latestVersion: '1.0.0', updateAvailable: true }] }),
          entry('a/other'),
        ]),
      ),
    );
    const [current, old, other] = cards();
    expect(within(current!).getByText('Installed')).toBeTruthy();
    expect(within(current!).queryByText('Update available')).toBeNull();
    expect(within(old!).getByText('Update available')).toBeTruthy();
    expect(within(other!).queryByText('Installed')).toBeNull();
  });

  it('says where the list comes from when the registry cannot be read', async () => {
    const searches = await setup();
    await act(async () =>
      searches.at(-1)!.answer({ ...list([entry('a/memory')]), source: 'snapshot', stale: true, errors: [{ registry: 'https://registry.test', message: 'cannot reach the registry' }] }),
    );
    expect(screen.getByText(/cannot reach the registry.*Showing the bundled reference servers/)).toBeTruthy();
  });
});
