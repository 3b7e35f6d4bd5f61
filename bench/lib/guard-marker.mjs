// Shared by the guard (inside mcp-hub) and the bench (which watches mcp-hub's stderr for it).
export const BLOCKED_MARKER = 'BENCH_GUARD_BLOCKED_OUTBOUND';
