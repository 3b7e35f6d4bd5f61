import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
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

/** Why a request is refused before anything reads it; `headers` go with the refusal. */
export interface Refusal {
  code: 'FORBIDDEN' | 'UNAUTHORIZED';
  message: string;
  headers?: Record<string, string>;
}

export type Check = (req: IncomingMessage) => Refusal | undefined;

/**
 * Guards a hub that listens on loopback against DNS rebinding: a web page can make the browser
 * send requests to 127.0.0.1 under a foreign host name, so the Host (and, when present, Origin)
 * must name a local address. A hub that listens beyond loopback requires the API token instead.
 */
export function localRequestCheck(options: SecurityOptions): Check {
  const exposed = !isLoopbackHost(options.bindHost);
  return (req) => {
    const host = hostnameOf(req.headers.host);
    if (!exposed && (!host || !isLoopbackHost(host))) return forbidden(`Invalid Host header: ${req.headers.host ?? '(none)'}`);
    const origin = req.headers.origin;
    // Sandboxed frames, data: URLs and redirect chains send `null`: a page of any site can.
    if (origin === 'null') return forbidden('Invalid Origin header: null (a sandboxed or opaque page)');
    if (origin === undefined) return undefined;
    let originHost: string | undefined;
    try {
      originHost = new URL(origin).hostname;
    } catch {
      originHost = undefined;
    }
    const sameHost = originHost !== undefined && (isLoopbackHost(originHost) || (exposed && originHost === host));
    return sameHost ? undefined : forbidden(`Invalid Origin header: ${origin}`);
  };
}

/**
 * Refuses what a page of another site makes a browser send without asking the hub first: a link
 * followed, an image, a form. Such requests carry no Origin (or the Origin check has refused
 * them), but browsers name their source in Sec-Fetch-Site. Clients that are not browsers send
 * neither header; the login callback, a navigation from the authorization server, is mounted
 * before this check.
 */
export const crossSiteCheck: Check = (req) => {
  const site = req.headers['sec-fetch-site'];
  if (req.headers.origin === undefined && (site === 'cross-site' || site === 'same-site')) {
    return forbidden(`Refused a ${site} request without an Origin: a page of another site cannot use the hub`);
  }
  return undefined;
};

export function tokenCheck(token: string | undefined): Check {
  const expected = token === undefined ? undefined : Buffer.from(token);
  return (req) => {
    if (!expected) return undefined;
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    const given = Buffer.from(match?.[1] ?? '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return undefined;
    // What a client can show its user: this hub wants its own token in a header, no OAuth login.
    const description = 'This hub requires its API token: send the header "Authorization: Bearer <token>" (the hub\'s Connect page shows it)';
    return {
      code: 'UNAUTHORIZED',
      message: description,
      headers: { 'WWW-Authenticate': `Bearer realm="mcp-hub", error="invalid_token", error_description="${description.replace(/"/g, "'")}"` },
    };
  };
}

/** The checks as Express middleware: the first refusal answers the request. */
export function middleware(...checks: Check[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const refusal = firstRefusal(req, checks);
    if (refusal) sendRefusal(res, refusal);
    else next();
  };
}

export function firstRefusal(req: IncomingMessage, checks: Check[]): Refusal | undefined {
  for (const check of checks) {
    const refusal = check(req);
    if (refusal) return refusal;
  }
  return undefined;
}

export function sendRefusal(res: ServerResponse, refusal: Refusal): void {
  sendHttpError(res, refusal.code, refusal.message, refusal.headers);
}

function forbidden(message: string): Refusal {
  return { code: 'FORBIDDEN', message };
}
