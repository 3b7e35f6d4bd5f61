import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runThroughHub, startFixtureHub, type FixtureHub } from './fixture-hub.js';
import { FIXTURE_KNOWN_FAILURES } from './known-failures.js';
import { SERVER_SCENARIOS, type ScenarioResult } from './run-conformance.js';

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

/** Scenarios in which the server asks its client something (sampling, elicitation): they run one at a time (fixture-hub.ts). */
const ASKS_ITS_CLIENT = ['tools-call-sampling', 'tools-call-elicitation', 'elicitation-sep1034-defaults', 'elicitation-sep1330-enums'];

let fixtureHub: FixtureHub | undefined;
let viaServer = new Map<string, ScenarioResult>();
let viaAggregate = new Map<string, ScenarioResult>();

beforeAll(async () => {
  fixtureHub = await startFixtureHub();
  const asks = (scenario: string) => ASKS_ITS_CLIENT.includes(scenario);
  viaServer = await runThroughHub(`${fixtureHub.base}/mcp/fixture`, SERVER_SCENARIOS, asks);
  viaAggregate = await runThroughHub(`${fixtureHub.base}/mcp`, SERVER_SCENARIOS, asks);
}, 240_000);

afterAll(async () => {
  await fixtureHub?.stop();
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
