/**
 * Scenarios the fixture cannot pass for reasons outside this repo. `detailsMatch` pins the failure
 * to the documented cause, so a different breakage in the same scenario is still reported.
 */
export const FIXTURE_KNOWN_FAILURES: Record<string, { reason: string; detailsMatch: RegExp }> = {
  'server-sse-polling': {
    reason:
      'conformance 0.1.13 sends its raw tools/call POST with `mcp-protocol-version: 2025-03-26`, and the SDK 1.32.2 ' +
      'StreamableHTTPServerTransport deliberately sends SSE priming events (id + retry) and offers closeSSEStream only to ' +
      'clients declaring >= 2025-11-25, because older clients choke on empty SSE data. The scenario therefore records ' +
      'WARNINGs for the missing priming event and retry field. The fixture does implement the flow (event store, ' +
      'retryInterval, test_reconnection closing its stream, Last-Event-ID replay) for 2025-11-25 clients.',
    detailsMatch: /WARNING server-sse-priming-event.*WARNING server-sse-retry-field/,
  },
};
