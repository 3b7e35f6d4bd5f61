import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubApp } from '../../main/hub/compose.js';
import { removeDir, startHub, tempDir, writeConfig } from '../helpers.js';
import { fixtureStdioCommand } from './fixture-process.js';
import { FIXTURE_KNOWN_FAILURES } from './known-failures.js';
import { runConformance, SERVER_SCENARIOS, type ScenarioResult } from './run-conformance.js';

/**
 * Scenarios that call a tool, prompt or resource by the fixture's own name; through the
 * aggregated `/mcp` those names carry the `fixture__` prefix (or `mcp-hub://fixture/`), so the
 * scenario cannot find them. Each must fail for exactly that reason and no other.
 */
const NAME_DEPENDENT: Record<string, RegExp> = {
  'completion-complete': /Prompt 'test_prompt_with_arguments' not found/,
  'tools-call-simple-text': /Tool 'test_simple_text' not found/,
  'tools-call-image': /Tool 'test_image_content' not found/,
  'tools-call-audio': /Tool 'test_audio_content' not found/,
  'tools-call-embedded-resource': /Tool 'test_embedded_resource' not found/,
  'tools-call-mixed-content': /Tool 'test_multiple_content_types' not found/,
  'tools-call-with-logging': /Tool 'test_tool_with_logging' not found/,
  'tools-call-error': /Tool 'test_error_handling' not found/,
  'tools-call-with-progress': /Tool 'test_tool_with_progress' not found/,
  'tools-call-sampling': /Tool 'test_sampling' not found/,
  'tools-call-elicitation': /Tool 'test_elicitation' not found/,
  'json-schema-2020-12': /Tool 'json_schema_2020_12_tool' not found/,
  'elicitation-sep1034-defaults': /Tool 'test_elicitation_sep1034_defaults' not found/,
  'elicitation-sep1330-enums': /Tool 'test_elicitation_sep1330_enums' not found/,
  'resources-read-text': /Resource 'test:\/\/static-text' not found/,
  'resources-read-binary': /Resource 'test:\/\/static-binary' not found/,
  'resources-templates-read': /Resource 'test:\/\/template\/123\/data' not found/,
  'resources-subscribe': /Resource 'test:\/\/watched-resource' not found/,
  'resources-unsubscribe': /Resource 'test:\/\/watched-resource' not found/,
  'prompts-get-simple': /Prompt 'test_simple_prompt' not found/,
  'prompts-get-with-args': /Prompt 'test_prompt_with_arguments' not found/,
  'prompts-get-embedded-resource': /Prompt 'test_prompt_with_embedded_resource' not found/,
  'prompts-get-with-image': /Prompt 'test_prompt_with_image' not found/,
};

/**
 * Scenarios in which the server asks its client something (sampling, elicitation). A shared server
 * that asks while several clients have requests in flight to it is refused, since the hub cannot
 * tell whose request asks (README, "Many clients at once"): these run with no other scenario.
 */
const ASKS_ITS_CLIENT = ['tools-call-sampling', 'tools-call-elicitation', 'elicitation-sep1034-defaults', 'elicitation-sep1330-enums'];

/** Every scenario against `url`: four at a time, then one at a time those that ask the client. */
async function runAll(url: string): Promise<Map<string, ScenarioResult>> {
  const together = await runConformance(url, { concurrency: 4, scenarios: SERVER_SCENARIOS.filter((scenario) => !ASKS_ITS_CLIENT.includes(scenario)) });
  const alone = await runConformance(url, { concurrency: 1, scenarios: ASKS_ITS_CLIENT.filter((scenario) => SERVER_SCENARIOS.includes(scenario)) });
  return new Map([...together, ...alone]);
}

let hub: HubApp;
let dir: string;
let viaServer = new Map<string, ScenarioResult>();
let viaAggregate = new Map<string, ScenarioResult>();

beforeAll(async () => {
  dir = await tempDir();
  hub = await startHub([await writeConfig(dir, { fixture: fixtureStdioCommand() })]);
  expect(hub.core.serverInfo('fixture').status).toBe('connected');
  // The suite's DNS-rebinding scenario expects a localhost URL.
  const base = hub.url.replace('127.0.0.1', 'localhost');
  viaServer = await runAll(`${base}/mcp/fixture`);
  viaAggregate = await runAll(`${base}/mcp`);
}, 240_000);

afterAll(async () => {
  await hub?.stop();
  await removeDir(dir);
});

/**
 * The fixture answers its tools/call POSTs with event streams, which at the suite's 2025-03-26 lack
 * the priming event the scenario wants (FIXTURE_KNOWN_FAILURES). The hub answers a call about which
 * nothing but the answer comes with plain JSON, which the spec allows and the scenario accepts.
 */
const ANSWERED_WITH_JSON = 'server-sse-polling';

describe.each([
  ['/mcp/fixture', () => viaServer],
  ['/mcp', () => viaAggregate],
])('conformance through the hub at %s: the plain JSON answer', (_path, results) => {
  it(`${ANSWERED_WITH_JSON} passes, its call answered with JSON instead of an event stream`, () => {
    const result = results().get(ANSWERED_WITH_JSON);
    expect(result?.passed, result?.details).toBe(true);
    expect(result?.checks).toContainEqual(expect.objectContaining({ id: 'server-sse-content-type', status: 'INFO' }));
  });
});

describe('conformance through the hub at /mcp/fixture', () => {
  const expectedToPass = SERVER_SCENARIOS.filter((s) => !(s in FIXTURE_KNOWN_FAILURES));

  it.each(expectedToPass)('%s passes, as it does against the fixture directly', (scenario) => {
    const result = viaServer.get(scenario);
    expect(result?.passed, result?.details).toBe(true);
  });
});

describe('conformance through the hub at /mcp', () => {
  const independent = SERVER_SCENARIOS.filter((s) => !(s in NAME_DEPENDENT) && !(s in FIXTURE_KNOWN_FAILURES));

  it('runs name-independent scenarios', () => {
    expect(independent).toEqual(
      expect.arrayContaining(['server-initialize', 'ping', 'tools-list', 'resources-list', 'prompts-list', 'dns-rebinding-protection']),
    );
  });

  it.each(independent)('%s passes', (scenario) => {
    const result = viaAggregate.get(scenario);
    expect(result?.passed, result?.details).toBe(true);
  });

  it.each(Object.keys(NAME_DEPENDENT).filter((s) => SERVER_SCENARIOS.includes(s)))(
    '%s fails only because the name it uses is namespaced',
    (scenario) => {
      const result = viaAggregate.get(scenario);
      expect(result?.passed).toBe(false);
      expect(result?.details).toMatch(NAME_DEPENDENT[scenario]!);
    },
  );
});
