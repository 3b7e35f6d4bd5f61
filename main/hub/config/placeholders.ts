export { parseGlobalEnv } from './global-env.js';

export interface ResolveContext {
  /** Usually process.env. */
  env: Record<string, string | undefined>;
  /** From MCP_HUB_ENV, see parseGlobalEnv. */
  globalEnv: Record<string, string>;
  /** The hub's working directory. */
  cwd: string;
  /** Limit for each `${cmd: …}`; default 30 000. */
  cmdTimeoutMs?: number;
  signal?: AbortSignal;
  /** Where `${secret:NAME}` is read from (the OS keychain, or its file fallback). */
  secrets?: { get(name: string): Promise<string | undefined> };
  /** Told every secret value read, so it can be blanked out of logs, events and responses. */
  onSecret?: (value: string) => void;
}

/**
 * A placeholder that cannot be resolved. `field` is where (e.g. `env.DB_URL`, `args[2]`,
 * `headers.Authorization`). Messages carry field and variable names only, never resolved values.
 */
export class PlaceholderError extends Error {
  readonly field: string;
  readonly reason: string;

  constructor(field: string, reason: string) {
    super(`${field}: ${reason}`);
    this.name = 'PlaceholderError';
    this.field = field;
    this.reason = reason;
  }
}

/** Where placeholder values come from; resolve.ts layers the lookup priorities behind this. */
export interface PlaceholderScope {
  /** `${NAME}` and `${env:NAME}`; undefined when not set. */
  variable(name: string): Promise<string | undefined>;
  /** `${input:id}`; undefined when not supplied. */
  input(id: string): string | undefined;
  /** `${cmd: …}`: trimmed stdout, or a PlaceholderError for `field`. */
  command(command: string, field: string): Promise<string>;
  /** `${secret:NAME}`: the value kept in the secret store, or a PlaceholderError for `field`. */
  secret(name: string, field: string): Promise<string>;
}

export const MAX_PLACEHOLDER_DEPTH = 10;

/** Index of the `}` closing the `{` at `open`, counting every brace so `${cmd: awk '{print $1}'}` stays whole. */
export function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

async function evaluate(expression: string, field: string, scope: PlaceholderScope): Promise<string> {
  const trimmed = expression.trim();
  if (trimmed === '') throw new PlaceholderError(field, 'empty placeholder "${}"');
  const prefix = /^([A-Za-z]+):/.exec(trimmed)?.[1];
  const rest = prefix === undefined ? trimmed : trimmed.slice(prefix.length + 1).trim();
  switch (prefix) {
    case 'secret':
      if (rest === '') throw new PlaceholderError(field, 'empty name in "${secret:}"');
      return scope.secret(rest, field);
    case 'cmd':
      if (rest === '') throw new PlaceholderError(field, 'empty command in "${cmd:}"');
      return scope.command(rest, field);
    case 'input': {
      const value = scope.input(rest);
      if (value === undefined) {
        throw new PlaceholderError(field, `variable "input:${rest}" is not set (supply it through MCP_HUB_ENV)`);
      }
      return value;
    }
    case 'env': {
      // `${env:NAME:-default}`, as Claude Code's `${NAME:-default}` is imported: the default when unset or empty.
      const fallback = /^([^:]*):-([\s\S]*)$/.exec(rest);
      if (fallback) return (await scope.variable(fallback[1]!.trim())) || fallback[2]!;
      const value = await scope.variable(rest);
      if (value === undefined) throw new PlaceholderError(field, `variable "${rest}" is not set`);
      return value;
    }
    case undefined: {
      const value = await scope.variable(rest);
      if (value === undefined) throw new PlaceholderError(field, `variable "${rest}" is not set`);
      return value;
    }
    default:
      // Naming the prefix only: what follows may be a value produced by a nested placeholder.
      throw new PlaceholderError(field, `unsupported placeholder "\${${prefix}:…}"`);
  }
}

async function expand(text: string, field: string, scope: PlaceholderScope, depth: number): Promise<string> {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar === -1) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, dollar);
    if (text.startsWith('$${', dollar)) {
      out += '${';
      i = dollar + 3;
    } else if (text.startsWith('${', dollar)) {
      if (depth >= MAX_PLACEHOLDER_DEPTH) {
        throw new PlaceholderError(field, `placeholders are nested more than ${MAX_PLACEHOLDER_DEPTH} levels deep`);
      }
      const close = matchingBrace(text, dollar + 1);
      if (close === -1) {
        throw new PlaceholderError(field, '"${" without a matching "}" (write "$${" for a literal "${")');
      }
      // Inside-out: the inner text is expanded first, so `${cmd: echo ${HOME}}` and `${${NAME}}` work.
      const expression = await expand(text.slice(dollar + 2, close), field, scope, depth + 1);
      // The result is not scanned again: a value containing "${cmd: …}" must never run.
      out += await evaluate(expression, field, scope);
      i = close + 1;
    } else {
      out += '$';
      i = dollar + 1;
    }
  }
  return out;
}

/**
 * Replaces `${VAR}`, `${env:VAR}`, `${input:id}` and `${cmd: …}` in `text`, nested up to
 * MAX_PLACEHOLDER_DEPTH; `$${` is a literal `${`. Commands run one at a time, left to right.
 */
export function expandPlaceholders(text: string, field: string, scope: PlaceholderScope): Promise<string> {
  return expand(text, field, scope, 0);
}
