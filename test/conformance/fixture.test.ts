import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { fixtureStdioCommand, startFixtureHttp } from './fixture-process.js';
import type { FixtureHttp } from './fixture-process.js';
import { SERVER_SCENARIOS, runConformance } from './run-conformance.js';
import type { ScenarioResult } from './run-conformance.js';
import { FIXTURE_KNOWN_FAILURES } from './known-failures.js';
import { TOOLS_2026 } from './fixture-2026-tools.js';


const EXPECTED_TOOLS = [
  'test_simple_text',
  'test_image_content',
  'test_audio_content',
  'test_embedded_resource',
  'test_multiple_content_types',
  'test_tool_with_logging',
  'test_error_handling',
  'test_tool_with_progress',
  'test_sampling',
  'test_elicitation',
  'test_elicitation_sep1034_defaults',
  'test_elicitation_sep1330_enums',
  'json_schema_2020_12_tool',
  'test_reconnection',
  // The 2026-07-28 scenarios' diagnostic tools (hub-2026.test.ts).
  ...TOOLS_2026.map((tool) => tool.definition.name),
];

const expectedToPass = SERVER_SCENARIOS.filter((s) => !(s in FIXTURE_KNOWN_FAILURES));

describe('conformance fixture over Streamable HTTP', () => {
  let fixture: FixtureHttp | undefined;
  let results = new Map<string, ScenarioResult>();

  beforeAll(async () => {
    fixture = await startFixtureHttp();
    results = await runConformance(fixture.url, { concurrency: 4, timeoutMs: 60_000 });
  }, 180_000);

  afterAll(async () => {
    await fixture?.stop();
  });

  it('knows the server scenarios of the installed conformance CLI', () => {
    expect(SERVER_SCENARIOS.length).toBeGreaterThan(0);
    for (const name of Object.keys(FIXTURE_KNOWN_FAILURES)) expect(SERVER_SCENARIOS).toContain(name);
    expect([...results.keys()]).toEqual(SERVER_SCENARIOS);
  });

  it.each(expectedToPass)('%s passes', (scenario) => {
    const result = results.get(scenario);
    expect(result, `no result for ${scenario}`).toBeDefined();
    expect(result?.passed, result?.details).toBe(true);
  });

  it.each(Object.keys(FIXTURE_KNOWN_FAILURES))('%s still fails for its documented reason', (scenario) => {
    const known = FIXTURE_KNOWN_FAILURES[scenario];
    const result = results.get(scenario);
    expect(result, `no result for ${scenario}`).toBeDefined();
    expect(result?.passed, `${scenario} now passes: remove it from FIXTURE_KNOWN_FAILURES`).toBe(false);
    expect(result?.details).toMatch(known?.detailsMatch ?? /$^/);
    // Only SHOULD-level warnings are excused; a hard FAILURE in the scenario is a real regression.
    expect(result?.checks.filter((c) => c.status === 'FAILURE')).toEqual([]);
  });
});

describe('conformance fixture over stdio', () => {
  let client: Client | undefined;

  beforeAll(async () => {
    const { command, args, cwd } = fixtureStdioCommand();
    client = new Client({ name: 'fixture-stdio-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command, args, cwd, stderr: 'pipe' }));
  }, 60_000);

  afterAll(async () => {
    // Closing the stdio transport ends the child process.
    await client?.close();
  });

  it('lists the fixture tools and answers a call', async () => {
    if (!client) throw new Error('client not connected');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...EXPECTED_TOOLS].sort());
    const result = await client.callTool({ name: 'test_simple_text', arguments: {} });
    expect(result.content).toEqual([{ type: 'text', text: 'This is a simple text response for testing.' }]);
  });
});
