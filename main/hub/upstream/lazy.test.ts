import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfigText } from '../config/load.js';
import { silentLogger } from '../log.js';
import { idleTimeoutOf, SleepCycle, type Sleeper } from './lazy.js';
import { LogBuffer } from './log-buffer.js';

const HUB = { byDefault: false, idleTimeoutMs: 600_000 };

function definition(entry: Record<string, unknown>, fileLevel: Record<string, unknown> = {}) {
  const [server] = parseConfigText(JSON.stringify({ ...fileLevel, mcpServers: { s: entry } }), '/cfg/mcp.json').servers;
  return server!;
}

describe('idleTimeoutOf', () => {
  it('takes the entry first, then its file, then the hub', () => {
    const table: [Record<string, unknown>, Record<string, unknown>, typeof HUB, number | undefined][] = [
      [{}, {}, HUB, undefined],
      [{}, {}, { ...HUB, byDefault: true }, 600_000],
      [{ lazy: true }, {}, HUB, 600_000],
      [{ lazy: true, idleTimeout: 30 }, {}, HUB, 30_000],
      [{ lazy: false }, { lazy: true, idleTimeout: 30 }, { ...HUB, byDefault: true }, undefined],
      [{}, { lazy: true, idleTimeout: 30 }, HUB, 30_000],
      [{ idleTimeout: 5 }, { lazy: true, idleTimeout: 30 }, HUB, 5_000],
      [{ idleTimeout: 5 }, {}, HUB, undefined],
    ];
    for (const [entry, fileLevel, hub, expected] of table) {
      expect([entry, fileLevel, hub.byDefault, idleTimeoutOf(definition({ command: 'x', ...entry }, fileLevel), hub)]).toEqual([entry, fileLevel, hub.byDefault, expected]);
    }
  });
});

describe('SleepCycle', () => {
  const IDLE_MS = 1_000;
  let connected: boolean;
  let keepsAwake: boolean;
  let sleeps: number;
  let starts: number;
  let cycle: SleepCycle;

  beforeEach(() => {
    vi.useFakeTimers();
    connected = true;
    keepsAwake = false;
    sleeps = 0;
    starts = 0;
    const server: Sleeper = {
      log: silentLogger(),
      logs: new LogBuffer(),
      idleTimeoutMs: () => IDLE_MS,
      isConnected: () => connected,
      keepsAwake: () => keepsAwake,
      start: async () => {
        starts++;
        await new Promise((resolve) => setTimeout(resolve, 100));
        connected = true;
      },
      sleep: () => {
        sleeps++;
        connected = false;
      },
    };
    cycle = new SleepCycle(server);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('sleeps once the idle time has passed since the last request ended', async () => {
    cycle.idleFromNow();
    await vi.advanceTimersByTimeAsync(600);
    await cycle.whileBusy(async () => {});
    await vi.advanceTimersByTimeAsync(600);
    expect(sleeps).toBe(0);
    await vi.advanceTimersByTimeAsync(400);
    expect(sleeps).toBe(1);
  });

  it('stays awake while a request is in flight or clients hold subscriptions', async () => {
    cycle.idleFromNow();
    let finish: () => void = () => {};
    const busy = cycle.whileBusy(() => new Promise<void>((resolve) => (finish = resolve)));
    await vi.advanceTimersByTimeAsync(5 * IDLE_MS);
    expect(sleeps).toBe(0);
    keepsAwake = true;
    finish();
    await busy;
    await vi.advanceTimersByTimeAsync(5 * IDLE_MS);
    expect(sleeps).toBe(0);
    keepsAwake = false;
    await vi.advanceTimersByTimeAsync(2 * IDLE_MS);
    expect(sleeps).toBe(1);
  });

  it('wakes the server once for all the requests that arrive while it starts', async () => {
    connected = false;
    const requests = [1, 2, 3].map(() => cycle.whileBusy(() => cycle.wake()));
    expect(cycle.waking).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(requests);
    expect(starts).toBe(1);
    expect(cycle.waking).toBe(false);
  });

  it('does nothing more once cancelled', async () => {
    cycle.idleFromNow();
    cycle.cancel();
    await vi.advanceTimersByTimeAsync(5 * IDLE_MS);
    expect(sleeps).toBe(0);
  });
});
