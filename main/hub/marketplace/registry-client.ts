import { describeIssues } from '../../../shared/issues.js';
import { ServerListSchema, ServerResponseSchema, type ServerResponse } from '../../../shared/registry-schema.js';
import { errorMessage } from '../../../shared/errors.js';

/**
 * A client for the MCP Registry API (`/v0.1`), following docs/reference/api/openapi.yaml of
 * modelcontextprotocol/registry:
 * - `GET /v0.1/servers?cursor&limit&search&updated_since&version` → `ServerList`
 *   (`{servers: ServerResponse[], metadata: {nextCursor?, count?}}`);
 * - `GET /v0.1/servers/{serverName}/versions` → `ServerList` (newest first);
 * - `GET /v0.1/servers/{serverName}/versions/{version}` → `ServerResponse`, `latest` allowed, 404 if unknown.
 * docs/guides/consuming/use-rest-api.md recommends `/v0.1` ("stable version, only
 * backward-compatible changes") and says the official registry gives no uptime guarantee, so
 * callers must cache (cache.ts).
 */

/** The official registry (docs/reference/api/official-registry-api.md, "Production"). */
export const OFFICIAL_REGISTRY_URL = 'https://registry.modelcontextprotocol.io';

/** Environment variable that replaces the default (official) registry, like VS Code's gallery setting. */
export const REGISTRY_URL_ENV = 'MCP_HUB_REGISTRY_URL';

/**
 * The registries to read, in priority order: an organisation's own first (their entries win on
 * duplicate names), then the default one, which is `defaultUrl` (a setting), else
 * `$MCP_HUB_REGISTRY_URL`, else the official registry. `defaultUrl: null` drops the default
 * registry, for organisations that allow only their own.
 */
export function resolveRegistryUrls(
  options: { own?: readonly string[]; defaultUrl?: string | null; env?: Record<string, string | undefined> } = {},
): string[] {
  const env = options.env ?? process.env;
  const fallback = env[REGISTRY_URL_ENV]?.trim() || OFFICIAL_REGISTRY_URL;
  const defaultUrl = options.defaultUrl === null ? undefined : options.defaultUrl?.trim() || fallback;
  const urls: string[] = [];
  const seen = new Set<string>();
  for (const raw of [...(options.own ?? []), ...(defaultUrl === undefined ? [] : [defaultUrl])]) {
    const url = normaliseBaseUrl(raw);
    if (!seen.has(url)) {
      seen.add(url);
      urls.push(url);
    }
  }
  return urls;
}

/** Validates a registry base URL; a trailing slash is dropped so the same registry is one cache entry. */
export function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new RegistryError('config', raw, `registry URL "${raw}" is not a valid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RegistryError('config', raw, `registry URL "${raw}" must use http or https`);
  }
  url.search = '';
  url.hash = '';
  return url.href.replace(/\/+$/, '');
}

export type RegistryErrorKind =
  | 'config'
  | 'network'
  | 'timeout'
  | 'http'
  | 'invalid-json'
  | 'invalid-response'
  | 'too-large'
  | 'aborted';

/** Every failure of the client, with what went wrong in words a user can act on. */
export class RegistryError extends Error {
  readonly kind: RegistryErrorKind;
  /** The request URL (or the registry base URL for `config`). */
  readonly url: string;
  readonly status: number | undefined;

  constructor(kind: RegistryErrorKind, url: string, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RegistryError';
    this.kind = kind;
    this.url = url;
    this.status = options.status;
  }

  /** Worth another attempt: the registry or the path to it may recover. */
  get retryable(): boolean {
    if (this.kind === 'network' || this.kind === 'timeout') return true;
    // 408 and 429 are the two 4xx that mean "try again later"; every other 4xx is our request's fault.
    return this.kind === 'http' && this.status !== undefined && (this.status >= 500 || this.status === 408 || this.status === 429);
  }
}

export interface ListParams {
  /** The registry's own search: a case-insensitive substring of the server *name* only. */
  search?: string;
  /** `latest`, or an exact version. */
  version?: string;
  /** RFC 3339; only entries updated since then (the official registry then includes deleted ones). */
  updatedSince?: string;
}

export interface SkippedEntry {
  /** The entry's name when it has a readable one. */
  name: string | undefined;
  reason: string;
}

export interface ListPage {
  servers: ServerResponse[];
  nextCursor: string | undefined;
  /** Entries of the page that did not match the schema, left out. */
  skipped: SkippedEntry[];
}

export interface ListAllResult {
  servers: ServerResponse[];
  skipped: SkippedEntry[];
  pages: number;
  /** The page cap was reached with more pages left. */
  truncated: boolean;
}

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface RegistryClientOptions {
  baseUrl: string;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: FetchLike;
  /** Per attempt, headers and body together. Default 10 s. */
  timeoutMs?: number;
  /** Extra attempts after a network error, timeout, 5xx, 408 or 429. Default 2. */
  retries?: number;
  /** First backoff delay, doubled each retry (with jitter). Default 300 ms. */
  retryDelayMs?: number;
  /** Page size asked for. The official registry caps `limit` at 100 (internal/api/handlers/v0/servers.go). */
  pageSize?: number;
  /** At most this many pages per listing, so a looping or huge registry cannot hold the hub. Default 50. */
  maxPages?: number;
  /** Larger bodies are refused. Default 16 MiB. */
  maxBodyBytes?: number;
}

const DEFAULTS = {
  timeoutMs: 10_000,
  retries: 2,
  retryDelayMs: 300,
  pageSize: 100,
  maxPages: 50,
  maxBodyBytes: 16 * 1024 * 1024,
};

/** Retry-After can ask for a long wait; a UI request should not hang on it. */
const MAX_RETRY_DELAY_MS = 5_000;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The registry's error text (`{error}` in the OpenAPI, `{detail}`/`{title}` from huma), shortened. */
function errorDetail(body: string): string {
  let text = body;
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed !== null && typeof parsed === 'object') {
      const record = parsed as Record<string, unknown>;
      const field = [record['error'], record['detail'], record['title'], record['message']].find((v) => typeof v === 'string');
      if (typeof field === 'string') text = field;
    }
  } catch {
    // Not JSON: the raw text is the best there is.
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export class RegistryClient {
  readonly baseUrl: string;
  private readonly fetchImpl: FetchLike;
  private readonly options: typeof DEFAULTS;

  constructor(options: RegistryClientOptions) {
    this.baseUrl = normaliseBaseUrl(options.baseUrl);
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.options = {
      timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
      retries: Math.max(0, options.retries ?? DEFAULTS.retries),
      retryDelayMs: options.retryDelayMs ?? DEFAULTS.retryDelayMs,
      pageSize: Math.min(100, Math.max(1, options.pageSize ?? DEFAULTS.pageSize)),
      maxPages: Math.max(1, options.maxPages ?? DEFAULTS.maxPages),
      maxBodyBytes: options.maxBodyBytes ?? DEFAULTS.maxBodyBytes,
    };
  }

  /** One page of `GET /v0.1/servers`. */
  async listPage(params: ListParams & { cursor?: string; limit?: number }, signal?: AbortSignal): Promise<ListPage> {
    const url = this.url('v0.1/servers');
    if (params.cursor) url.searchParams.set('cursor', params.cursor);
    url.searchParams.set('limit', String(params.limit ?? this.options.pageSize));
    if (params.search) url.searchParams.set('search', params.search);
    if (params.version) url.searchParams.set('version', params.version);
    if (params.updatedSince) url.searchParams.set('updated_since', params.updatedSince);
    const body = await this.getJson(url, signal);
    const list = ServerListSchema.safeParse(body);
    if (!list.success) {
      throw new RegistryError(
        'invalid-response',
        url.href,
        `${url.href}: not a server list as the registry API defines it (${describeIssues(list.error)})`,
      );
    }
    const servers: ServerResponse[] = [];
    const skipped: SkippedEntry[] = [];
    list.data.servers.forEach((item, index) => {
      const parsed = ServerResponseSchema.safeParse(item);
      if (parsed.success) {
        servers.push(parsed.data);
      } else {
        skipped.push({ name: nameOf(item), reason: describeIssues(parsed.error, `servers[${index}]`) });
      }
    });
    const next = list.data.metadata?.nextCursor;
    return { servers, nextCursor: next === undefined || next === '' ? undefined : next, skipped };
  }

  /** Every page of `GET /v0.1/servers`, following `metadata.nextCursor` up to the page cap. */
  async listAll(params: ListParams = {}, signal?: AbortSignal): Promise<ListAllResult> {
    const servers: ServerResponse[] = [];
    const skipped: SkippedEntry[] = [];
    const seenCursors = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await this.listPage({ ...params, ...(cursor === undefined ? {} : { cursor }) }, signal);
      pages++;
      servers.push(...page.servers);
      skipped.push(...page.skipped);
      cursor = page.nextCursor;
      if (cursor === undefined) return { servers, skipped, pages, truncated: false };
      // A registry that hands out the same cursor again would otherwise be read forever.
      if (seenCursors.has(cursor)) return { servers, skipped, pages, truncated: true };
      seenCursors.add(cursor);
      if (pages >= this.options.maxPages) return { servers, skipped, pages, truncated: true };
    }
  }

  /** `GET /v0.1/servers/{serverName}/versions/{version}`; `undefined` on 404. */
  async getServer(name: string, version = 'latest', signal?: AbortSignal): Promise<ServerResponse | undefined> {
    const url = this.url(`v0.1/servers/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`);
    const body = await this.getJson(url, signal, { notFound: true });
    if (body === NOT_FOUND) return undefined;
    const parsed = ServerResponseSchema.safeParse(body);
    if (!parsed.success) {
      throw new RegistryError('invalid-response', url.href, `${url.href}: not a server entry (${describeIssues(parsed.error)})`);
    }
    return parsed.data;
  }

  /** `GET /v0.1/servers/{serverName}/versions`, newest first; `undefined` on 404. */
  async listVersions(name: string, signal?: AbortSignal): Promise<ServerResponse[] | undefined> {
    const url = this.url(`v0.1/servers/${encodeURIComponent(name)}/versions`);
    const body = await this.getJson(url, signal, { notFound: true });
    if (body === NOT_FOUND) return undefined;
    const list = ServerListSchema.safeParse(body);
    if (!list.success) {
      throw new RegistryError('invalid-response', url.href, `${url.href}: not a server list (${describeIssues(list.error)})`);
    }
    return list.data.servers.flatMap((item) => {
      const parsed = ServerResponseSchema.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    });
  }

  private url(path: string): URL {
    // The base may carry a path (an organisation's registry behind a prefix): resolve below it.
    return new URL(path, `${this.baseUrl}/`);
  }

  private async getJson(url: URL, signal: AbortSignal | undefined, options: { notFound?: boolean } = {}): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(url, signal, options);
      } catch (error) {
        if (!(error instanceof RegistryError) || !error.retryable || attempt >= this.options.retries) throw error;
        const backoff = this.options.retryDelayMs * 2 ** attempt;
        const jittered = backoff / 2 + Math.random() * (backoff / 2);
        const hinted = error.cause instanceof Response ? retryAfterMs(error.cause) : undefined;
        await sleep(Math.min(MAX_RETRY_DELAY_MS, Math.max(jittered, hinted ?? 0)), signal).catch(() => {
          throw new RegistryError('aborted', url.href, `${url.href}: request cancelled`);
        });
      }
    }
  }

  private async attempt(url: URL, signal: AbortSignal | undefined, options: { notFound?: boolean }): Promise<unknown> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(url, { headers: { accept: 'application/json' }, signal: combined, redirect: 'follow' });
      if (response.status === 404 && options.notFound) {
        await response.body?.cancel();
        return NOT_FOUND;
      }
      const declared = Number(response.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > this.options.maxBodyBytes) {
        await response.body?.cancel();
        throw new RegistryError('too-large', url.href, `${url.href}: response of ${declared} bytes is larger than allowed`);
      }
      text = await response.text();
    } catch (error) {
      if (error instanceof RegistryError) throw error;
      if (signal?.aborted) throw new RegistryError('aborted', url.href, `${url.href}: request cancelled`, { cause: error });
      if (timeout.aborted) {
        throw new RegistryError('timeout', url.href, `${url.href}: no answer within ${this.options.timeoutMs} ms`, { cause: error });
      }
      const reason = error instanceof Error ? ((error.cause as { code?: string } | undefined)?.code ?? error.message) : String(error);
      throw new RegistryError('network', url.href, `${url.href}: cannot reach the registry (${reason})`, { cause: error });
    }
    if (!response.ok) {
      const detail = errorDetail(text);
      throw new RegistryError(
        'http',
        url.href,
        `${url.href}: the registry answered ${response.status}${detail ? ` (${detail})` : ''}`,
        // The response rides along so a retry can honour its Retry-After.
        { status: response.status, cause: response },
      );
    }
    if (text.length > this.options.maxBodyBytes) {
      throw new RegistryError('too-large', url.href, `${url.href}: response is larger than allowed`);
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      const reason = errorMessage(error);
      throw new RegistryError('invalid-json', url.href, `${url.href}: the registry answered with invalid JSON (${reason})`, {
        cause: error,
      });
    }
  }
}

const NOT_FOUND = Symbol('not found');

function nameOf(item: unknown): string | undefined {
  if (item === null || typeof item !== 'object') return undefined;
  const server = (item as Record<string, unknown>)['server'];
  if (server === null || typeof server !== 'object') return undefined;
  const name = (server as Record<string, unknown>)['name'];
  return typeof name === 'string' ? name : undefined;
}
