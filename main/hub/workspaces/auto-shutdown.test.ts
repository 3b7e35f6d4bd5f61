import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AutoShutdown, type AutoShutdownState } from './auto-shutdown.js';
import { waitFor } from '../../../test/helpers.js';
import { sleep } from './test-support.js';

const created: AutoShutdown[] = [];
afterEach(() => {
  for (const auto of created.splice(0)) auto.stop();
});

/** Timers may fire a millisecond early after rounding; never more. */
const EARLY = 5;

function make(options: { delayMs: number; startupGraceMs?: number }) {
  const record = {
    shutdowns: [] as number[],
    states: [] as { state: AutoShutdownState; since: Date | null; delayMs: number | null }[],
  };
  const auto = new AutoShutdown({
    startupGraceMs: 0,
    ...options,
    onShutdown: () => record.shutdowns.push(Date.now()),
    onStateChange: (state, since, delayMs) => record.states.push({ state, since, delayMs }),
  });
  created.push(auto);
  return { auto, record };
}

describe('AutoShutdown', () => {
  it('shuts down only once the delay has passed with no client', async () => {
    const { auto, record } = make({ delayMs: 150 });
    auto.clientsChanged(1);
    auto.start();
    expect(auto.state).toBe('active');
    await sleep(200);
    expect(record.shutdowns).toEqual([]);

    const countdownAt = Date.now();
    auto.clientsChanged(0);
    expect(auto.state).toBe('shutting_down');
    await waitFor(() => record.shutdowns.length === 1, 'the shutdown');
    expect(record.shutdowns[0]! - countdownAt).toBeGreaterThanOrEqual(150 - EARLY);
    expect(record.states).toEqual([{ state: 'shutting_down', since: expect.any(Date), delayMs: 150 }]);
    expect(record.states[0]!.since!.getTime() - countdownAt).toBeLessThan(50);

    // Fired once for good: later counts change nothing.
    auto.clientsChanged(1);
    auto.clientsChanged(0);
    await sleep(250);
    expect(record.shutdowns).toHaveLength(1);
  });

  it('is cancelled by a client arriving, and starts over when it leaves', async () => {
    const { auto, record } = make({ delayMs: 150 });
    auto.clientsChanged(1);
    auto.start();
    auto.clientsChanged(0);
    await sleep(100);
    auto.clientsChanged(1);
    expect(auto.state).toBe('active');
    await sleep(200);
    expect(record.shutdowns).toEqual([]);

    const secondCountdownAt = Date.now();
    auto.clientsChanged(0);
    // Repeated zeros do not restart the countdown.
    auto.clientsChanged(0);
    await waitFor(() => record.shutdowns.length === 1, 'the shutdown');
    // A fresh countdown of the full delay, not the rest of the first one.
    expect(record.shutdowns[0]! - secondCountdownAt).toBeGreaterThanOrEqual(150 - EARLY);
    expect(record.states.map((s) => s.state)).toEqual(['shutting_down', 'active', 'shutting_down']);
    expect(record.states[1]).toEqual({ state: 'active', since: null, delayMs: null });
  });

  it('counts /mcp sessions and /api/events listeners through the single count', async () => {
    const { auto, record } = make({ delayMs: 100 });
    let mcpSessions = 0;
    let eventListeners = 0;
    const changed = () => auto.clientsChanged(mcpSessions + eventListeners);
    eventListeners++;
    changed();
    auto.start();
    mcpSessions++;
    changed();
    // The editor plugin's event stream leaves; Claude's /mcp session stays: v4 would have shut down here.
    eventListeners--;
    changed();
    await sleep(250);
    expect(record.shutdowns).toEqual([]);
    expect(auto.state).toBe('active');
    expect(record.states).toEqual([]);

    mcpSessions--;
    changed();
    await waitFor(() => record.shutdowns.length === 1, 'the shutdown once both kinds are gone');
  });

  it('shuts down a hub no client ever connected to, after max(delay, startup grace)', async () => {
    const { auto, record } = make({ delayMs: 50, startupGraceMs: 200 });
    const startedAt = Date.now();
    auto.start();
    expect(record.states).toEqual([{ state: 'shutting_down', since: expect.any(Date), delayMs: 200 }]);
    await waitFor(() => record.shutdowns.length === 1, 'the shutdown');
    expect(record.shutdowns[0]! - startedAt).toBeGreaterThanOrEqual(200 - EARLY);
  });

  it('gives the first client the startup grace even with a delay of 0 (mcp-hub v4 default)', async () => {
    const { auto, record } = make({ delayMs: 0, startupGraceMs: 150 });
    auto.start();
    await sleep(50);
    auto.clientsChanged(1);
    await sleep(200);
    expect(record.shutdowns).toEqual([]);
    auto.clientsChanged(0);
    await waitFor(() => record.shutdowns.length === 1, 'the immediate shutdown');
  });

  it('does nothing before start(), remembers the count, and stop() cancels a countdown', async () => {
    const { auto, record } = make({ delayMs: 30 });
    auto.clientsChanged(0);
    auto.clientsChanged(2);
    await sleep(80);
    expect(record.states).toEqual([]);
    auto.start();
    expect(auto.state).toBe('active');
    auto.clientsChanged(0);
    auto.stop();
    await sleep(100);
    expect(record.shutdowns).toEqual([]);
  });

  it('does not keep the process alive while counting down', async () => {
    const module = fileURLToPath(new URL('./auto-shutdown.ts', import.meta.url));
    const script = `
      import { AutoShutdown } from ${JSON.stringify(module)};
      new AutoShutdown({ delayMs: 60_000, onShutdown: () => {} }).start();`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: 'inherit' });
    const started = Date.now();
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
