// Tool-call latency (one call at a time) and throughput (a fixed number of calls in flight).
import { performance } from 'node:perf_hooks';
import { percentile } from './stats.mjs';

const MESSAGE = 'bench';

/**
 * A function that calls the echo tool once, through `callTool(params)` (an SDK client's callTool,
 * or a bare session's tools/call). Failures are thrown: mcp-hub reports a failed forward as a
 * successful result with isError, which would otherwise count as a fast call.
 */
export function echoCaller(callTool, toolName) {
  return async () => {
    const result = await callTool({ name: toolName, arguments: { message: MESSAGE } });
    if (result.isError) throw new Error(`${toolName} failed: ${JSON.stringify(result.content)}`);
    return result;
  };
}

/** Checks once that the tool really echoes, so a misrouted call cannot pass as a fast one. */
export async function checkEcho(call) {
  const result = await call();
  const text = result.content?.[0]?.text ?? '';
  if (!text.includes(MESSAGE)) throw new Error(`unexpected echo result: ${JSON.stringify(result.content)}`);
}

/** Durations in ms of `calls` sequential calls. */
export async function latencySamples(call, calls) {
  const samples = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    await call();
    samples.push(performance.now() - start);
  }
  return samples;
}

export function summariseLatency(samples) {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99) };
}

/** Seconds taken by `calls` calls, keeping `concurrency` in flight until the last ones. */
export async function timedBurst(call, calls, concurrency) {
  let started = 0;
  const worker = async () => {
    while (started < calls) {
      started++;
      await call();
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, calls) }, worker));
  return (performance.now() - start) / 1000;
}

/** `total` split into `parts` near-equal whole numbers that add up to it. */
export function split(total, parts) {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}
