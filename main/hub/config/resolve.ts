import { basename, dirname, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transportOf, type ConfiguredTransport } from '../../../shared/config.js';
import { defaultEnvironment } from './default-env.js';
import { resolveEnvEntries } from './env-resolve.js';
import { expandPlaceholders, PlaceholderError } from './placeholders.js';
import type { PlaceholderScope, ResolveContext } from './placeholders.js';
import { predefinedVariables } from './predefined.js';
import { runPlaceholderCommand } from './run-command.js';
import { parseGlobalEnv } from './global-env.js';
import type { ServerDefinition } from './types.js';

export { parseGlobalEnv } from './global-env.js';
export { PlaceholderError } from './placeholders.js';
export type { ResolveContext } from './placeholders.js';

/** A remote server's `oauth` entry with its placeholders resolved. */
export interface OAuthSettings {
  clientId?: string;
  clientSecret?: string;
  scopes?: string;
}

/** A root as MCP's roots/list gives it. */
export interface ResolvedRoot {
  uri: string;
  name?: string;
}

export type ResolvedServer = (
  | { transport: 'stdio'; command: string; args: string[]; env: Record<string, string>; cwd?: string }
  | { transport: Exclude<ConfiguredTransport, 'stdio'>; url: URL; headers: Record<string, string>; oauth?: OAuthSettings }
) & {
  /** The entry's `roots`, what a shared server is told: undefined when it has none. */
  roots?: ResolvedRoot[];
};

const DEFAULT_CMD_TIMEOUT_MS = 30_000;

function own(record: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  // hasOwn, so that `${constructor}` is "not set" rather than Object.prototype's function.
  const value = Object.hasOwn(record, name) ? record[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function definedEntries(record: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) if (value !== undefined) out[key] = value;
  return out;
}

/** Lookup for everything except the server's own env: globalEnv > ctx.env > predefined. */
function baseScope(def: ServerDefinition, ctx: ResolveContext): PlaceholderScope {
  const predefined = predefinedVariables(def.source, ctx.cwd);
  const commandEnv = { ...definedEntries(ctx.env), ...ctx.globalEnv };
  return {
    variable: (name) => Promise.resolve(own(ctx.globalEnv, name) ?? own(ctx.env, name) ?? own(predefined, name)),
    input: (id) => own(ctx.globalEnv, `input:${id}`),
    command: (command, field) =>
      runPlaceholderCommand(command, {
        field,
        timeoutMs: ctx.cmdTimeoutMs ?? DEFAULT_CMD_TIMEOUT_MS,
        cwd: ctx.cwd,
        env: commandEnv,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      }),
    secret: async (name, field) => {
      checkSecretOwner(def, name, field);
      if (!ctx.secrets) throw new PlaceholderError(field, `secret "${name}" cannot be read: this hub has no secret store`);
      const value = await ctx.secrets.get(name);
      if (value === undefined) throw new PlaceholderError(field, `secret "${name}" is not in the secret store`);
      ctx.onSecret?.(value);
      return value;
    },
  };
}

/**
 * `${secret:…}` reads only secrets of the entry that asks: `server:<name>:…` (what the marketplace
 * stores for an install) belongs to the server of that name, `oauth:…` to the hub's logins, and a
 * project folder's entry owns none. Names the user chose freely stay readable by the user's own
 * entries. A refusal names the secret, never its value.
 */
function checkSecretOwner(def: ServerDefinition, name: string, field: string): void {
  if (def.project) throw new PlaceholderError(field, `secret "${name}" cannot be read: servers of a project folder read none of the hub's secrets`);
  if (name.startsWith('oauth:')) throw new PlaceholderError(field, `secret "${name}" belongs to the hub's OAuth logins, not to a server entry`);
  if (name.startsWith('server:') && !name.startsWith(`server:${def.name}:`)) {
    const owner = /^server:([^:]*)/.exec(name)?.[1] ?? '';
    throw new PlaceholderError(field, `secret "${name}" belongs to server "${owner}", not to "${def.name}": an entry reads only its own secrets`);
  }
}

function checkedUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PlaceholderError('url', 'not a valid URL after resolving placeholders');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PlaceholderError('url', `only http: and https: URLs are supported, not ${url.protocol}`);
  }
  return url;
}

/**
 * Turns a loaded server definition into what a transport needs, resolving every placeholder.
 * Called on every (re)connect, so `${cmd: …}` values are fresh each time. Throws
 * PlaceholderError (field + variable names only, never values) or, for a definition with a
 * `problem`, an Error carrying that problem.
 */
export async function resolveServer(def: ServerDefinition, ctx: ResolveContext): Promise<ResolvedServer> {
  if (def.config === undefined) throw new Error(def.problem);
  // Not even a placeholder of an untrusted project's entry is looked at (supervisor.ts does not start it either).
  if (def.project && !def.project.trusted) throw new Error(`not started: the project folder ${def.project.folder} is not trusted as it is now`);
  const config = def.config;
  ctx.signal?.throwIfAborted();

  const base = baseScope(def, ctx);
  const env = await resolveEnvEntries(config.env ?? {}, base, (name) => own(ctx.globalEnv, name) ?? own(ctx.env, name));
  const scope: PlaceholderScope = {
    ...base,
    variable: async (name) => own(env, name) ?? base.variable(name),
  };
  const expand = (text: string, field: string) => expandPlaceholders(text, field, scope);

  const transport = transportOf(config);
  if (transport === 'stdio') {
    // The schema guarantees a command to a stdio entry.
    const command = await expand(config.command ?? '', 'command');
    if (command === '') throw new PlaceholderError('command', 'is empty after resolving placeholders');
    const args: string[] = [];
    for (const [index, arg] of (config.args ?? []).entries()) args.push(await expand(arg, `args[${index}]`));
    // `input:*` keys are per-server secrets and not valid variable names; only real variables are passed on.
    const globalVariables = Object.fromEntries(Object.entries(ctx.globalEnv).filter(([key]) => !key.startsWith('input:')));
    const resolved: ResolvedServer = {
      transport: 'stdio',
      command,
      args,
      env: { ...defaultEnvironment(), ...globalVariables, ...env },
    };
    if (config.cwd !== undefined) resolved.cwd = resolvePath(dirname(def.source), await expand(config.cwd, 'cwd'));
    if (config.roots) resolved.roots = await resolveRoots(config.roots, def.source, expand);
    return resolved;
  }

  // The schema guarantees a url to a remote entry; it is checked only now, so that
  // `http://localhost:${PORT}/mcp` is accepted (mcp-hub v4 rejected it before resolving).
  const url = checkedUrl(await expand(config.url ?? '', 'url'));
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(config.headers ?? {})) {
    const field = `headers.${name}`;
    const resolved = await expand(value, field);
    // A `${cmd: …}` printing several lines would otherwise smuggle extra headers in.
    if (/[\r\n\0]/.test(resolved)) {
      throw new PlaceholderError(field, 'value contains a line break or NUL after resolving placeholders');
    }
    headers.push([name, resolved]);
  }
  const remote: ResolvedServer = { transport, url, headers: Object.fromEntries(headers) };
  if (config.oauth) {
    const oauth: OAuthSettings = {};
    for (const key of ['clientId', 'clientSecret', 'scopes'] as const) {
      const value = config.oauth[key];
      if (value !== undefined) oauth[key] = await expand(value, `oauth.${key}`);
    }
    remote.oauth = oauth;
  }
  if (config.roots) remote.roots = await resolveRoots(config.roots, def.source, expand);
  return remote;
}

/** A URI stays as written; a path (relative to the config file) becomes its file: URI. */
async function resolveRoots(roots: string[], source: string, expand: (text: string, field: string) => Promise<string>): Promise<ResolvedRoot[]> {
  const resolved: ResolvedRoot[] = [];
  for (const [index, root] of roots.entries()) {
    const text = await expand(root, `roots[${index}]`);
    // A scheme of two letters or more: `C:\\…` is a Windows path, not a URI.
    const uri = /^[a-z][a-z0-9+.-]+:/i.test(text) ? text : pathToFileURL(resolvePath(dirname(source), text)).href;
    const name = uri.startsWith('file:') ? basename(fileURLToPath(uri)) : '';
    resolved.push(name ? { uri, name } : { uri });
  }
  return resolved;
}

/**
 * Where a hub's placeholders resolve: its environment with MCP_HUB_ENV's values (which, like every
 * secret read, are blanked out of what the hub shows: `onSecret`), its working folder, its secrets.
 */
export function hubResolveContext(
  env: Record<string, string | undefined>,
  cwd: string,
  secrets: NonNullable<ResolveContext['secrets']>,
  onSecret: (value: string) => void,
): ResolveContext {
  const globalEnv = parseGlobalEnv(env['MCP_HUB_ENV']);
  for (const value of Object.values(globalEnv)) onSecret(value);
  return { env, globalEnv, cwd, secrets, onSecret };
}
