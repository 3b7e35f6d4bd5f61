import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { sendHttpError } from './envelope.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function hostnameOf(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  try {
    return new URL(`http://${hostHeader}`).hostname;
  } catch {
    return undefined;
  }
}

export interface SecurityOptions {
  /** The address the hub listens on. */
  bindHost: string;
  /** When set, every /mcp and /api request must carry `Authorization: Bearer <token>`. */
  apiToken: string | undefined;
}

/**
 * Guards a hub that listens on loopback against DNS rebinding: a web page can make the browser
 * send requests to 127.0.0.1 under a foreign host name, so the Host (and, when present, Origin)
 * must name a local address. A hub that listens beyond loopback requires the API token instead.
 */
export function localRequestsOnly(options: SecurityOptions) {
  const exposed = !isLoopbackHost(options.bindHost);
  return (req: Request, res: Response, next: NextFunction): void => {
    const host = hostnameOf(req.headers.host);
    if (!exposed && (!host || !isLoopbackHost(host))) {
      forbidden(res, `Invalid Host header: ${req.headers.host ?? '(none)'}`);
      return;
    }
    const origin = req.headers.origin;
    // Sandboxed frames, data: URLs and redirect chains send `null`: a page of any site can.
    if (origin === 'null') {
      forbidden(res, 'Invalid Origin header: null (a sandboxed or opaque page)');
      return;
    }
    if (origin !== undefined) {
      let originHost: string | undefined;
      try {
        originHost = new URL(origin).hostname;
      } catch {
        originHost = undefined;
      }
      const sameHost = originHost !== undefined && (isLoopbackHost(originHost) || (exposed && originHost === host));
      if (!sameHost) {
        forbidden(res, `Invalid Origin header: ${origin}`);
        return;
      }
    }
    next();
  };
}

/**
 * Refuses what a page of another site makes a browser send without asking the hub first: a link
 * followed, an image, a form. Such requests carry no Origin (or the Origin check has refused
 * them), but browsers name their source in Sec-Fetch-Site. Clients that are not browsers send
 * neither header; the login callback, a navigation from the authorization server, is mounted
 * before this check.
 */
export function noCrossSiteRequests(req: Request, res: Response, next: NextFunction): void {
  const site = req.headers['sec-fetch-site'];
  if (req.headers.origin === undefined && (site === 'cross-site' || site === 'same-site')) {
    forbidden(res, `Refused a ${site} request without an Origin: a page of another site cannot use the hub`);
    return;
  }
  next();
}

export function requireToken(token: string | undefined) {
  const expected = token === undefined ? undefined : Buffer.from(token);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!expected) return next();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    const given = Buffer.from(match?.[1] ?? '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    res.set('WWW-Authenticate', 'Bearer realm="mcp-hub"');
    sendHttpError(res, 'UNAUTHORIZED', 'Missing or invalid API token');
  };
}

function forbidden(res: Response, message: string): void {
  sendHttpError(res, 'FORBIDDEN', message);
}
