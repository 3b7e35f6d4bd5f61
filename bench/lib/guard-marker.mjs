// Shared by the guard (inside mcp-hub) and the bench (which watches mcp-hub's stderr for it).
export const BLOCKED_MARKER = 'BENCH_GUARD_BLOCKED_OUTBOUND';
/** Written by gc-probe.mjs, in either hub, before the memory it found after a full collection. */
export const GC_PROBE_MARKER = 'BENCH_GC_PROBE';
