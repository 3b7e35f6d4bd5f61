import type { Result } from '@modelcontextprotocol/sdk/types.js';
import type { ToolCallRecord } from '../../../shared/events.js';
import { upstreamError } from '../errors.js';

/**
 * Runs a tool call and reports it as one `tool_call` record however it ends, the same way for
 * calls through /mcp and through the REST API.
 */
export async function recordToolCall(
  record: (call: ToolCallRecord) => void,
  call: Pick<ToolCallRecord, 'server' | 'tool' | 'via'>,
  run: () => Promise<Result>,
): Promise<Result> {
  const started = Date.now();
  try {
    const result = await run();
    const ok = result['isError'] !== true;
    record({ ...call, durationMs: Date.now() - started, ok, ...(!ok && { error: 'the tool reported an error' }) });
    return result;
  } catch (error) {
    record({ ...call, durationMs: Date.now() - started, ok: false, error: upstreamError(call.server, error).message });
    throw error;
  }
}
