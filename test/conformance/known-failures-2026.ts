/**
 * 2026-07-28 scenarios (conformance 0.2.0-alpha.12) that fail through the hub at `/mcp/fixture`.
 * `checks` are the only check ids allowed to fail and `detailsMatch` pins the reason, so a new
 * breakage in the same scenario is still reported. "Hub:" marks a gap in the hub that can be
 * closed; "2025 upstream:" marks what a 2025-era server behind the hub cannot express.
 */
export interface KnownFailure {
  reason: string;
  checks: string[];
  detailsMatch: RegExp;
  /** Why the scenario may also pass now and then; without it, a pass means the entry is stale. */
  passesWhen?: string;
}

export const HUB_2026_KNOWN_FAILURES: Record<string, KnownFailure> = {
  'input-required-result-basic-elicitation': {
    reason:
      '2025 upstream: the scenario wants the question under the key "user_name". A 2025 server asks by elicitation/create, ' +
      'which has no key; the hub names the questions it relays itself (input-1, sampling-2, …). The retry completes (the ' +
      'complete check passes).',
    checks: ['sep-2322-elicitation-incomplete'],
    detailsMatch: /inputRequests missing expected key "user_name"/,
  },
  'input-required-result-basic-list-roots': {
    reason:
      "By design: a shared server's roots/list is answered by the hub with the roots configured for it, never a client's " +
      '(endpoint/server-requests.ts); the fixture has none configured, so the hub answers -32601 and the tool fails. It never becomes an ' +
      'input_required question for the client.',
    checks: ['sep-2322-list-roots-incomplete'],
    detailsMatch: /sep-2322-list-roots-incomplete: JSON-RPC error: MCP error -32601/,
  },
  'input-required-result-multiple-input-requests': {
    reason:
      'By design, as basic-list-roots: the roots/list of the three questions is the hub\'s to answer for a shared server, so ' +
      'at most the elicitation and the sampling reach the client (not 3). The fixture asks all three at once and gives up ' +
      'when the roots are refused, so whether the sampling question is still in the round depends on which comes first.',
    checks: ['sep-2322-multiple-inputs-incomplete'],
    detailsMatch: /Expected at least 3 inputRequests, got [12];.*Expected a roots\/list inputRequest/,
  },
  'input-required-result-ignore-extra-params': {
    reason:
      '2025 upstream: the scenario sends the answer (user_name) with the first call, with no requestState. A 2025 server ' +
      'cannot take answers before it asks, and the hub has no question of that call yet to match them to, so the call ' +
      'asks again with input_required instead of completing (a SHOULD, so a WARNING).',
    checks: ['sep-2322-ignore-unexpected-params'],
    detailsMatch: /WARNING sep-2322-ignore-unexpected-params: Server did not return complete result/,
  },
};
