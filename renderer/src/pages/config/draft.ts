import type { z } from 'zod';
import { ServerConfigSchema, transportOf, type ServerConfigType } from '../../../../shared/config.js';
import { newRowId, type KeyValueRow, type ListRow, type RowErrors } from '../../components/KeyValueEditor.js';

/** How the hub reaches a server, as the form offers it. */
export type FormTransport = 'stdio' | 'streamable-http' | 'sse';

/** A server entry as the form edits it. Fields the form has no editor for ride along in `other`. */
export interface ServerDraft {
  name: string;
  transport: FormTransport;
  /** The entry's `type` as written (`http` is VS Code's name for streamable-http); undefined: not written. */
  type: ServerConfigType | undefined;
  command: string;
  args: ListRow[];
  env: KeyValueRow[];
  cwd: string;
  url: string;
  headers: KeyValueRow[];
  disabled: boolean;
  /** The entry's `name` field: how the server is shown (its key stays the server name). */
  displayName: string;
  description: string;
  timeout: string;
  /** Everything else in the entry, as written (e.g. `autoApprove`), and the schema's extra fields. */
  other: Record<string, unknown>;
  /** The entry's keys in their written order, so a save changes as little of the file as it can. */
  order: string[];
}

/** What `secret` redaction looks like in what the hub sends the UI. */
export const REDACTED = '[redacted]';

/** Fields that only mean something for a remote server; a stdio entry is saved without them. */
export const REMOTE_ONLY_FIELDS = new Set(['url', 'headers', 'oauth']);

/** Fields with their own editor in the form. */
const FORM_FIELDS = new Set(['type', 'command', 'args', 'env', 'cwd', 'url', 'headers', 'disabled', 'name', 'description', 'timeout']);

/** Schema fields the form has no dedicated editor for (an `oauth` block, say): edited generically. */
export function extraSchemaFields(): { key: string; schema: z.ZodType }[] {
  return Object.entries(ServerConfigSchema.shape)
    .filter(([key]) => !FORM_FIELDS.has(key))
    .map(([key, schema]) => ({ key, schema: schema as z.ZodType }));
}

const SECRET_NAME = /(token|secret|passw(or)?d|api[-_]?key|auth|credential|private|bearer|cookie|session|signature|access[-_]?key)/i;

/**
 * Whether a value should be shown as dots: the hub's redaction marker, a value under a name that
 * sounds secret, or a credential-shaped value. A placeholder (`${env:TOKEN}`) only names a secret.
 */
export function looksSecret(key: string, value: string | null): boolean {
  if (value === null || value === '') return false;
  if (value.includes(REDACTED)) return true;
  if (/^\$\{[^}]+\}$/.test(value.trim())) return false;
  return SECRET_NAME.test(key) || /^(bearer|basic|token)\s/i.test(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A record of strings (or null) as rows; undefined when it is not one, so it stays in `other` untouched. */
function rowsOf(value: unknown, allowNull: boolean): KeyValueRow[] | undefined {
  if (!isObject(value)) return undefined;
  const entries = Object.entries(value);
  if (!entries.every(([, v]) => typeof v === 'string' || (allowNull && v === null))) return undefined;
  return entries.map(([key, v]) => ({ id: newRowId(), key, value: v as string | null }));
}

export function emptyDraft(): ServerDraft {
  return {
    name: '',
    transport: 'stdio',
    type: undefined,
    command: '',
    args: [],
    env: [],
    cwd: '',
    url: '',
    headers: [],
    disabled: false,
    displayName: '',
    description: '',
    timeout: '',
    other: {},
    order: [],
  };
}

/** The form's view of an entry. A field of the wrong type is left in `other`, so saving keeps it for the schema to report. */
export function draftFromConfig(name: string, config: Record<string, unknown>): ServerDraft {
  const draft = emptyDraft();
  const other: Record<string, unknown> = {};
  const take = <T>(key: string, value: T | undefined, apply: (value: T) => void) => {
    if (!(key in config)) return;
    if (value === undefined) other[key] = config[key];
    else apply(value);
  };
  const asString = (key: string) => (typeof config[key] === 'string' ? (config[key] as string) : undefined);
  draft.name = name;
  const transport = transportOf(config);
  // The form has no choice for "try both": a url alone is shown as streamable-http and saved without a type (typeFor).
  draft.transport = transport === 'http-auto' ? 'streamable-http' : transport;
  take('type', typeof config['type'] === 'string' ? (config['type'] as ServerConfigType) : undefined, (v) => (draft.type = v));
  take('command', asString('command'), (v) => (draft.command = v));
  const args = Array.isArray(config['args']) && config['args'].every((a) => typeof a === 'string') ? (config['args'] as string[]) : undefined;
  take('args', args, (v) => (draft.args = v.map((value) => ({ id: newRowId(), value }))));
  take('env', rowsOf(config['env'], true), (v) => (draft.env = v));
  take('cwd', asString('cwd'), (v) => (draft.cwd = v));
  take('url', asString('url'), (v) => (draft.url = v));
  take('headers', rowsOf(config['headers'], false), (v) => (draft.headers = v));
  take('disabled', typeof config['disabled'] === 'boolean' ? config['disabled'] : undefined, (v) => (draft.disabled = v));
  take('name', asString('name'), (v) => (draft.displayName = v));
  take('description', asString('description'), (v) => (draft.description = v));
  take('timeout', typeof config['timeout'] === 'number' ? String(config['timeout']) : undefined, (v) => (draft.timeout = v));
  for (const [key, value] of Object.entries(config)) if (!FORM_FIELDS.has(key)) other[key] = value;
  draft.other = other;
  draft.order = Object.keys(config);
  return draft;
}

/** The `type` to write: the one written before if it still fits, else the transport's own name where it is needed. */
function typeFor(draft: ServerDraft): ServerConfigType | undefined {
  if (draft.transport === 'stdio') return draft.type === 'stdio' ? 'stdio' : undefined;
  if (draft.transport === 'sse') return 'sse';
  // A url alone means streamable-http to the hub; keep an `http` or `streamable-http` that was written.
  return draft.type === 'http' || draft.type === 'streamable-http' ? draft.type : undefined;
}

/** The rows as a record; a row with neither name nor value is a blank line and is skipped. */
function recordOf(rows: readonly KeyValueRow[]): Record<string, string | null> | undefined {
  const filled = rows.filter((row) => row.key !== '' || (row.value ?? '') !== '');
  return filled.length === 0 ? undefined : Object.fromEntries(filled.map((row) => [row.key, row.value]));
}

/** The entry the form would save. */
export function configFromDraft(draft: ServerDraft): Record<string, unknown> {
  const fields: Record<string, unknown> = { ...draft.other, type: typeFor(draft) };
  if (draft.transport === 'stdio') {
    fields['command'] = draft.command === '' ? undefined : draft.command;
    fields['args'] = draft.args.length === 0 ? undefined : draft.args.map((row) => row.value);
    fields['env'] = recordOf(draft.env);
    fields['cwd'] = draft.cwd === '' ? undefined : draft.cwd;
    for (const key of REMOTE_ONLY_FIELDS) if (key in draft.other) fields[key] = undefined;
  } else {
    fields['url'] = draft.url === '' ? undefined : draft.url;
    fields['headers'] = recordOf(draft.headers);
  }
  fields['disabled'] = draft.disabled ? true : undefined;
  fields['name'] = draft.displayName === '' ? undefined : draft.displayName;
  fields['description'] = draft.description === '' ? undefined : draft.description;
  fields['timeout'] = draft.timeout.trim() === '' ? undefined : Number(draft.timeout);

  const config: Record<string, unknown> = {};
  const written = [...draft.order, ...Object.keys(fields).filter((key) => !draft.order.includes(key))];
  for (const key of written) if (fields[key] !== undefined) config[key] = fields[key];
  return config;
}

/** JSON with sorted keys: two entries that mean the same compare equal. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** Field-level messages, keyed by what the form shows them under. */
export interface DraftErrors {
  name?: string;
  transport?: string;
  command?: string;
  cwd?: string;
  url?: string;
  timeout?: string;
  args: Record<string, string>;
  env: Record<string, RowErrors>;
  headers: Record<string, RowErrors>;
  /** Errors in fields without an editor of their own, by key. */
  other: Record<string, string>;
  /** What belongs to no single field. */
  general: string[];
}

export function hasErrors(errors: DraftErrors): boolean {
  return (
    [errors.name, errors.transport, errors.command, errors.cwd, errors.url, errors.timeout].some(Boolean) ||
    Object.keys(errors.args).length + Object.keys(errors.env).length + Object.keys(errors.headers).length + Object.keys(errors.other).length > 0 ||
    errors.general.length > 0
  );
}

function rowErrors(rows: readonly KeyValueRow[], what: string, target: Record<string, RowErrors>, isNew: boolean): void {
  const seen = new Set<string>();
  for (const row of rows) {
    const blank = row.key === '' && (row.value ?? '') === '';
    if (blank) continue;
    if (row.key === '') target[row.id] = { key: `${what} name is required` };
    else if (seen.has(row.key)) target[row.id] = { key: `${row.key} is listed twice` };
    seen.add(row.key);
    if (isNew && row.value?.includes(REDACTED)) {
      target[row.id] = { ...target[row.id], value: 'type the real value: the hub does not show secrets, so a new server cannot reuse this one' };
    }
  }
}

/**
 * Checks the draft with the hub's own schema (the same messages the hub would give) plus what
 * only the form knows: the server name, duplicate names in a list, redacted values in a new server.
 */
export function validateDraft(draft: ServerDraft, options: { isNew: boolean; takenNames: ReadonlySet<string> }): DraftErrors {
  const errors: DraftErrors = { args: {}, env: {}, headers: {}, other: {}, general: [] };
  const name = draft.name.trim();
  if (options.isNew) {
    if (name === '') errors.name = 'a name is required';
    else if (options.takenNames.has(name)) errors.name = `a server named ${name} already exists`;
  }
  if (draft.transport === 'stdio') rowErrors(draft.env, 'variable', errors.env, options.isNew);
  else rowErrors(draft.headers, 'header', errors.headers, options.isNew);

  const result = ServerConfigSchema.safeParse(configFromDraft(draft));
  if (result.success) return errors;
  for (const issue of result.error.issues) {
    const [field, item] = issue.path;
    const message = issue.message;
    switch (field) {
      case undefined:
        // The schema's "needs either command or url": said at the field that is missing.
        if (draft.transport === 'stdio') errors.command ??= 'a command is required (the program that runs the server)';
        else errors.url ??= 'a URL is required';
        break;
      case 'command':
      case 'cwd':
      case 'url':
      case 'timeout':
        errors[field] ??= message;
        break;
      case 'type':
        errors.transport ??= message;
        break;
      case 'args': {
        const row = typeof item === 'number' ? draft.args[item] : undefined;
        if (row) errors.args[row.id] ??= message;
        else errors.general.push(`Arguments: ${message}`);
        break;
      }
      case 'env':
      case 'headers': {
        const rows = field === 'env' ? draft.env : draft.headers;
        const row = rows.find((candidate) => candidate.key === item);
        if (row) errors[field][row.id] = issue.code === 'invalid_key' ? { ...errors[field][row.id], key: message } : { ...errors[field][row.id], value: message };
        else errors.general.push(`${field}: ${message}`);
        break;
      }
      default:
        // Nested fields (`oauth.clientSecret`) keep their whole path, for the field that shows them.
        if (typeof field === 'string') errors.other[issue.path.map(String).join('.')] ??= message;
        break;
    }
  }
  return errors;
}
