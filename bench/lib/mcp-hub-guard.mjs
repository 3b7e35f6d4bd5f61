// Preloaded into mcp-hub 4.2.1 only (node --import), never into the servers it spawns.
// mcp-hub has no bind-address option (app.listen(port) binds every interface) and may fetch its
// marketplace catalogue at start. The bench seeds a fresh catalogue cache so no fetch is due; this
// guard makes sure of both: listening sockets are pinned to loopback, and any fetch to a
// non-loopback host is refused and reported on stderr, where the bench looks for it.
import net from 'node:net';
import { BLOCKED_MARKER } from './guard-marker.mjs';

const LOOPBACK = '127.0.0.1';

const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  return originalListen.apply(this, withLoopbackHost(args));
};

/** listen(port[, cb]) and listen({port}) get host 127.0.0.1; pipes and explicit hosts are kept. */
function withLoopbackHost(args) {
  const [first, second] = args;
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return typeof second === 'string' ? args : [first, LOOPBACK, ...args.slice(1)];
  }
  if (first && typeof first === 'object' && first.path === undefined && first.host === undefined) {
    return [{ ...first, host: LOOPBACK }, ...args.slice(1)];
  }
  return args;
}

const originalFetch = globalThis.fetch;
globalThis.fetch = function loopbackOnlyFetch(input, init) {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  if (isLoopback(url.hostname)) return originalFetch(input, init);
  process.stderr.write(`${BLOCKED_MARKER} ${url.href}\n`);
  return Promise.reject(new TypeError(`bench guard: outbound request to ${url.host} blocked`));
};

function isLoopback(hostname) {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || hostname.startsWith('127.');
}
