import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The request as a web `Request`, for SDK code with a web-standard face. The body is not copied:
 * the hub has read and checked it already and hands it over parsed. The signal aborts when the
 * client goes away before its answer is complete, which is how a 2026-07-28 client cancels.
 */
export function toWebRequest(req: IncomingMessage, res: ServerResponse): Request {
  const aborted = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) aborted.abort();
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const each of value) headers.append(name, each);
  }
  return new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, { method: req.method ?? 'POST', headers, signal: aborted.signal });
}

/** Writes a web `Response` to the client: a JSON answer in one write, an event stream as it comes. */
export async function sendWebResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (!response.body || !response.headers.get('content-type')?.startsWith('text/event-stream')) {
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, { ...headers, 'content-length': String(body.length) }).end(body);
    return;
  }
  res.writeHead(response.status, headers);
  res.flushHeaders();
  const reader = response.body.getReader();
  // A client that leaves ends the stream, and with it what the SDK serves on it.
  const stop = () => void reader.cancel().catch(() => {});
  res.once('close', stop);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      if (!res.write(value)) await drained(res);
    }
    res.end();
  } catch {
    // The stream broke off (the client left, or the SDK closed it): there is nobody to tell.
    res.destroy();
  } finally {
    res.off('close', stop);
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
