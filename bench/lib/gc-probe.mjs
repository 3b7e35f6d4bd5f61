// Preloaded (node --expose-gc --import) into both hubs for the client-churn section only. On
// SIGUSR2 it runs a full garbage collection and reports what is still alive, so memory that is
// kept can be told apart from garbage V8 has not collected yet (it grows the heap lazily, more so
// in a process that is busy). Nothing else in the hub changes.
import { GC_PROBE_MARKER } from './guard-marker.mjs';

process.on('SIGUSR2', () => {
  globalThis.gc();
  globalThis.gc();
  const { heapUsed, rss } = process.memoryUsage();
  process.stderr.write(`${GC_PROBE_MARKER} ${JSON.stringify({ heapUsed, rss })}\n`);
});
