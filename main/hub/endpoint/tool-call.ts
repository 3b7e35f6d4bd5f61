import type { Result } from '@modelcontextprotocol/sdk/types.js';
import type { ToolCallRecord } from '../../../shared/events.js';
import { upstreamError } from '../errors.js';

/**
 * Runs a tool call and reports it as one `tool_call` record however it ends, the same way for
 * calls through /mcp and through the REST API. A round that ends asking the client for input
 * (`input_required`, 2026-07-28) is not the call's end: the round that finishes it is recorded.
 */
export async function recordToolCall(
  record: (call: ToolCallRecord) => void,
  call: Pick<ToolCallRecord, 'server' | 'tool' | 'via'>,
  run: () => Promise<Result>,
): Promise<Result> {
  const started = Date.now();
  try {
    const result = await run();
    if (result['resultType'] === 'input_required') return result;
    const ok = result['isError'] !== true;
    record({ ...call, durationMs: Date.now() - started, ok, ...(!ok && { error: 'the tool reported an error' }) });
    return result;
  } catch (error) {
    record({ ...call, durationMs: Date.now() - started, ok: false, error: upstreamError(call.server, error).message });
    throw error;
  }
}
