import type { HubApp } from '../../main/hub/compose.js';
import { removeDir, startHub, tempDir, writeConfig } from '../helpers.js';
import { fixtureStdioCommand } from './fixture-process.js';
import { runConformance, type ConformanceCli, type ScenarioResult } from './run-conformance.js';

/** A hub with the conformance fixture behind it, as the hub's conformance tests run it. */
export interface FixtureHub {
  hub: HubApp;
  /** The hub's URL under `localhost`: the suite's DNS-rebinding scenario expects a localhost URL. */
  base: string;
  stop(): Promise<void>;
}

export async function startFixtureHub(): Promise<FixtureHub> {
  const dir = await tempDir();
  const hub = await startHub([await writeConfig(dir, { fixture: fixtureStdioCommand() })]);
  if (hub.core.serverInfo('fixture').status !== 'connected') throw new Error(`the fixture did not connect: ${hub.core.serverInfo('fixture').error ?? ''}`);
  return {
    hub,
    base: hub.url.replace('127.0.0.1', 'localhost'),
    stop: async () => {
      await hub.stop();
      await removeDir(dir);
    },
  };
}

/**
 * The scenarios against `url`: four at a time, then one at a time those in which the fixture asks
 * its client something (a shared server that asks while several clients have requests in flight
 * to it is refused, since the hub cannot tell whose request asks: README, "Many clients at once").
 */
export async function runThroughHub(url: string, scenarios: readonly string[], asksItsClient: (scenario: string) => boolean, cli?: ConformanceCli): Promise<Map<string, ScenarioResult>> {
  const together = await runConformance(url, { ...(cli && { cli }), concurrency: 4, scenarios: scenarios.filter((s) => !asksItsClient(s)) });
  const alone = await runConformance(url, { ...(cli && { cli }), concurrency: 1, scenarios: scenarios.filter(asksItsClient) });
  return new Map([...together, ...alone]);
}
