// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubEvent } from '../../../shared/events.js';
import type { HubClient } from '../../../shared/hub-client.js';
import { createAppStores, StoresProvider } from '../app/stores.js';
import { EventsPage } from './EventsPage.js';

/** A hub that only streams the events the test sends. */
function fakeHub() {
  let emit: (event: HubEvent) => void = () => {};
  const client: HubClient = {
    invoke: () => new Promise(() => {}),
    subscribe(listener) {
      emit = listener;
      return () => {};
    },
    onConnection(listener) {
      listener('open');
      return () => {};
    },
  };
  const stores = createAppStores(client);
  return { stores, send: (...events: HubEvent[]) => act(() => events.forEach((event) => emit(event))) };
}

const toolCall = (tool: string, ok = true): HubEvent => ({
  type: 'tool_call',
  data: { server: 'everything', tool, via: 'mcp', durationMs: 42, ok, ...(ok ? {} : { error: 'boom' }) },
});
const status: HubEvent = { type: 'server_status', data: { server: 'memory', status: 'connected', previous: 'connecting', error: null } };
const log: HubEvent = { type: 'log', data: { type: 'info', message: 'Knowledge Graph MCP Server running', server: 'memory' } };

function setup() {
  const hub = fakeHub();
  render(
    <StoresProvider stores={hub.stores}>
      <EventsPage />
    </StoresProvider>,
  );
  return hub;
}

const rows = () => within(screen.getByRole('listbox', { name: 'Events' })).queryAllByRole('option');

afterEach(cleanup);

describe('EventsPage', () => {
  it('says so when there are no events', () => {
    setup();
    expect(screen.getByText('No events yet')).toBeTruthy();
  });

  it('lists events newest first, with tool calls readable and counts per type', () => {
    const hub = setup();
    hub.send(status, toolCall('echo'), log);
    expect(rows().map((row) => row.textContent)).toEqual([
      expect.stringContaining('info memory: Knowledge Graph'),
      expect.stringMatching(/tool_call.*everything · echo via mcp.*42 ms/),
      expect.stringContaining('memory: connecting → connected'),
    ]);
    expect(screen.getByRole('checkbox', { name: /tool_call \(1\)/ })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: /hub_state \(0\)/ })).toBeTruthy();
  });

  it('filters by type', () => {
    const hub = setup();
    hub.send(status, toolCall('echo'), toolCall('add'), log);
    fireEvent.click(screen.getByRole('checkbox', { name: /tool_call/ }));
    expect(rows()).toHaveLength(2);
    expect(rows().some((row) => row.textContent?.includes('tool_call'))).toBe(false);
    expect(screen.getByText('2 of 4 events match')).toBeTruthy();

    fireEvent.click(screen.getByRole('checkbox', { name: /server_status/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /^log/ }));
    expect(screen.getByText('No events match')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Clear search and filters' }));
    expect(rows()).toHaveLength(4);
  });

  it('searches the whole JSON of each event', () => {
    const hub = setup();
    hub.send(status, toolCall('echo'), toolCall('add', false), log);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search events' }), { target: { value: 'BOOM' } });
    expect(rows().map((row) => row.textContent)).toEqual([expect.stringContaining('everything · add via mcp — boom')]);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search events' }), { target: { value: 'memory' } });
    expect(rows()).toHaveLength(2);
  });

  it('holds new events while paused, says how many, and shows them on resume', () => {
    const hub = setup();
    hub.send(status);
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    hub.send(toolCall('echo'), toolCall('add'));
    expect(rows()).toHaveLength(1);
    expect(screen.getByText(/Paused: 2 new events held/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Resume (2 held)' }));
    expect(rows()).toHaveLength(3);
    expect(screen.queryByText(/Paused/)).toBeNull();
  });

  it('shows the selected event in full and moves the selection with the arrow keys', () => {
    const hub = setup();
    hub.send(status, toolCall('echo', false), log);
    const list = screen.getByRole('listbox', { name: 'Events' });
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    const detail = screen.getByRole('region', { name: 'Event details' });
    expect(within(detail).getByRole('heading', { level: 2 }).textContent).toBe('log');
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(within(detail).getByRole('heading', { level: 2 }).textContent).toBe('tool_call');
    expect(within(detail).getByText('echo')).toBeTruthy();
    expect(within(detail).getByText('42 ms')).toBeTruthy();
    expect(within(detail).getByRole('link', { name: 'everything' }).getAttribute('href')).toBe('#/servers/everything');
    expect(within(detail).getByLabelText('Event data as JSON').textContent).toContain('"error": "boom"');
    expect(list.getAttribute('aria-activedescendant')).toBe(rows()[1]?.id);
    fireEvent.keyDown(list, { key: 'End' });
    expect(within(detail).getByRole('heading', { level: 2 }).textContent).toBe('server_status');
  });

  it('draws only the rows in view of a long list, and clears it', () => {
    const hub = setup();
    hub.send(...Array.from({ length: 2_000 }, (_, i) => toolCall(`tool-${i}`)));
    expect(screen.getByText(/2,000 events/)).toBeTruthy();
    expect(rows().length).toBeLessThan(40);
    expect(rows()[0]?.textContent).toContain('tool-1999');
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(screen.getByText('No events yet')).toBeTruthy();
  });
});
