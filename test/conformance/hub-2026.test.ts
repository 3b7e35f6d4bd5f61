import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runThroughHub, startFixtureHub, type FixtureHub } from './fixture-hub.js';
import { HUB_2026_KNOWN_FAILURES } from './known-failures-2026.js';
import { conformance2026Cli, scenariosOf, type ScenarioResult } from './run-conformance.js';

/**
 * The 2026-07-28 server scenarios of conformance 0.2.0-alpha.12 against the hub, with the
 * fixture (an SDK v1 server of the 2025 era) behind it: what the scenarios test is the hub's
 * own 2026-07-28 leg and its translation of the fixture's questions into `input_required`.
 */
const cli = conformance2026Cli();
const SCENARIOS = scenariosOf(cli, '2026-07-28');

/** Scenarios in which the fixture asks its client something: they run one at a time (fixture-hub.ts). */
const ASKS_ITS_CLIENT = new Set(['server-stateless', ...SCENARIOS.filter((s) => s.startsWith('input-required-result-'))]);

/** Scenarios that name no tool, prompt or resource of the fixture's, so they mean the same at `/mcp`. */
const NAME_INDEPENDENT = [
  'tools-list',
  'resources-list',
  'prompts-list',
  'dns-rebinding-protection',
  'http-header-validation',
  'caching',
  'server-sse-multiple-streams',
  'input-required-result-unsupported-methods',
];

let fixtureHub: FixtureHub | undefined;
let viaServer = new Map<string, ScenarioResult>();
let viaAggregate = new Map<string, ScenarioResult>();

beforeAll(async () => {
  fixtureHub = await startFixtureHub();
  const asks = (scenario: string) => ASKS_ITS_CLIENT.has(scenario);
  viaServer = await runThroughHub(`${fixtureHub.base}/mcp/fixture`, SCENARIOS, asks, cli);
  viaAggregate = await runThroughHub(`${fixtureHub.base}/mcp`, NAME_INDEPENDENT, asks, cli);
}, 300_000);

afterAll(async () => {
  await fixtureHub?.stop();
});

describe('conformance 2026-07-28 (0.2.0-alpha.12) through the hub at /mcp/fixture', () => {
  it('lists the 2026-07-28 server scenarios, known failures among them', () => {
    expect(SCENARIOS).toEqual(expect.arrayContaining(['server-stateless', 'http-header-validation', 'input-required-result-multi-round']));
    for (const name of Object.keys(HUB_2026_KNOWN_FAILURES)) expect(SCENARIOS).toContain(name);
    for (const name of NAME_INDEPENDENT) expect(SCENARIOS).toContain(name);
  });

  it.each(SCENARIOS.filter((s) => !(s in HUB_2026_KNOWN_FAILURES)))('%s passes', (scenario) => {
    const result = viaServer.get(scenario);
    expect(result?.passed, result?.details).toBe(true);
  });

  it.each(Object.keys(HUB_2026_KNOWN_FAILURES))('%s still fails, for its documented reason only', (scenario) => {
    const known = HUB_2026_KNOWN_FAILURES[scenario]!;
    const result = viaServer.get(scenario);
    if (known.passesWhen !== undefined && result?.passed === true) return;
    expect(result?.passed, `${scenario} now passes: remove it from HUB_2026_KNOWN_FAILURES`).toBe(false);
    // Every failing check is one the entry names: a new failure in the same scenario is reported.
    const failing = result?.checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING').map((c) => c.id) ?? [];
    expect(failing.length, result?.details).toBeGreaterThan(0);
    expect(failing.filter((id) => !known.checks.includes(id)), result?.details).toEqual([]);
    expect(result?.details).toMatch(known.detailsMatch);
  });
});

describe('conformance 2026-07-28 (0.2.0-alpha.12) through the hub at /mcp', () => {
  it.each(NAME_INDEPENDENT)('%s passes', (scenario) => {
    const result = viaAggregate.get(scenario);
    expect(result?.passed, result?.details).toBe(true);
  });
});
