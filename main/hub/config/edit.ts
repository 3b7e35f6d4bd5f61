import { applyEdits } from 'jsonc-parser';
import type { Node } from 'jsonc-parser';
import { HubError } from '../errors.js';
import { ConfigFileError } from './config-file-error.js';
import { parseJsonDocument } from './json-document.js';
import { parseJsonc } from './jsonc.js';
import {
  detectStyle,
  insertProperty,
  isBlankDocument,
  propertiesNamed,
  propertyValue,
  removeProperty,
  renameKey,
  replaceValue,
} from './jsonc-edit.js';
import type { TextStyle } from './jsonc-edit.js';
import { SERVER_KEYS } from './server-entries.js';
import { isRecord } from '../../../shared/is-record.js';

export type ConfigEdit =
  /** Adds a server, or replaces its whole entry (comments inside the old entry go with it). */
  | { kind: 'set'; name: string; config: Record<string, unknown> }
  | { kind: 'remove'; name: string }
  /** Keeps the entry's text, comments inside it included, and its place among the other servers. */
  | { kind: 'rename'; from: string; to: string }
  /** Sets one field of an entry, e.g. `disabled: true`; `value: undefined` removes the field. */
  | { kind: 'setField'; name: string; field: string; value: unknown }
  /** Adds or replaces a top-level `profiles.<name>`; `profile: undefined` removes it. */
  | { kind: 'setProfile'; name: string; profile: Record<string, unknown> | undefined };

export type ConfigEditErrorCode = 'SERVER_NOT_FOUND' | 'SERVER_EXISTS' | 'PROFILE_NOT_FOUND' | 'INVALID_EDIT';

export class ConfigEditError extends HubError {
  declare readonly code: ConfigEditErrorCode;

  constructor(code: ConfigEditErrorCode, message: string, options?: ErrorOptions) {
    super(code, message);
    this.name = 'ConfigEditError';
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

// The entry the hub actually uses is the one that wins the merge, so it is looked for first.
const BY_PRECEDENCE = [...SERVER_KEYS].reverse() as ['servers', 'mcpServers'];
type BlockKey = (typeof BY_PRECEDENCE)[number];

function parse(text: string, file: string): { root: Node } {
  const result = parseJsonc(text);
  if (result.ok) {
    if (result.root.type !== 'object') {
      throw new ConfigEditError('INVALID_EDIT', `cannot edit ${file}: the top level is not a JSON object`);
    }
    return { root: result.root };
  }
  try {
    parseJsonDocument(text, file);
  } catch (error) {
    if (error instanceof ConfigFileError) {
      throw new ConfigEditError('INVALID_EDIT', `cannot edit ${error.message}; fix the file first`, { cause: error });
    }
    throw error;
  }
  // Only json5 accepted it. jsonc-parser cannot represent unquoted keys or single quotes, and
  // rewriting the file as JSON would lose its comments and style, so the hub leaves it alone.
  throw new ConfigEditError(
    'INVALID_EDIT',
    `${file} uses JSON5 syntax (such as unquoted keys or single quotes), which the hub can read but not edit ` +
      'without losing formatting; JSON5 config files are read-only for the hub: edit this file by hand, ' +
      'or convert it to JSON with comments (JSONC) to let the hub edit it',
  );
}

function lastProperty(object: Node, key: string): Node | undefined {
  return propertiesNamed(object, key).at(-1);
}

/** The `mcpServers` / `servers` object, if the file has that key (the last one, as the loader reads it). */
function block(root: Node, key: BlockKey, file: string): Node | undefined {
  const property = lastProperty(root, key);
  if (property === undefined) return undefined;
  const value = propertyValue(property);
  if (value.type !== 'object') {
    throw new ConfigEditError('INVALID_EDIT', `cannot edit ${file}: "${key}" is not an object of servers; fix the file first`);
  }
  return value;
}

function blocks(root: Node, file: string): { key: BlockKey; node: Node }[] {
  return BY_PRECEDENCE.flatMap((key) => {
    const node = block(root, key, file);
    return node ? [{ key, node }] : [];
  });
}

/** The entry the loader uses for `name`: in `servers` before `mcpServers`, the last of duplicates. */
function effectiveEntry(root: Node, name: string, file: string): { key: BlockKey; block: Node; property: Node } | undefined {
  for (const { key, node } of blocks(root, file)) {
    const property = lastProperty(node, name);
    if (property) return { key, block: node, property };
  }
  return undefined;
}

function requireName(name: unknown, what: string): string {
  if (typeof name !== 'string' || name === '') {
    throw new ConfigEditError('INVALID_EDIT', `the ${what} must be a non-empty string`);
  }
  return name;
}

/** Plain JSON data (what the text will hold after a round trip), or INVALID_EDIT. */
function jsonValue(value: unknown, what: string): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new ConfigEditError('INVALID_EDIT', `${what} cannot be written as JSON: ${(error as Error).message}`, { cause: error });
  }
  if (text === undefined) throw new ConfigEditError('INVALID_EDIT', `${what} cannot be written as JSON`);
  return JSON.parse(text) as unknown;
}

function notFound(name: string, file: string): ConfigEditError {
  return new ConfigEditError('SERVER_NOT_FOUND', `there is no server "${name}" in ${file}`);
}

// The intended result, computed on plain values, so the edited text can be checked against it.
function define(object: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty, not assignment: a "__proto__" key must stay an ordinary property.
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

function modelBlock(model: Record<string, unknown>, key: BlockKey): Record<string, unknown> | undefined {
  const value = Object.hasOwn(model, key) ? model[key] : undefined;
  return isRecord(value) ? value : undefined;
}

function renamed(object: Record<string, unknown>, from: string, to: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) define(out, key === from ? to : key, value);
  return out;
}

/** One text change, run on the text as the previous ones left it, so offsets never go stale. */
type Step = (text: string, root: Node) => string;

/** Removes the properties `find` returns, one at a time (each removal moves the offsets). */
function removeAll(text: string, file: string, find: (root: Node) => { object: Node; properties: Node[] } | undefined): string {
  let current = text;
  const count = find(parse(current, file).root)?.properties.length ?? 0;
  for (let i = 0; i < count; i++) {
    const found = find(parse(current, file).root);
    const property = found?.properties[0];
    if (!found || !property) break;
    current = applyEdits(current, removeProperty(current, found.object, property));
  }
  return current;
}

/**
 * Applies `edits` in order to the text of a config file and returns the new text. Everything the
 * edits do not touch (comments, formatting, key order, other keys) stays byte for byte; new text
 * follows the file's indentation and line breaks. Throws ConfigEditError; `file` is only used in
 * messages.
 */
export function applyConfigEdits(text: string, file: string, edits: ConfigEdit[]): string {
  if (edits.length === 0) return text;
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  let body = bom ? text.slice(1) : text;

  let style: TextStyle;
  if (isBlankDocument(body)) {
    style = detectStyle(body, undefined);
    // Comments in an otherwise empty file are kept above the new object.
    const prefix = body.trim() === '' ? '' : /[\r\n]$/.test(body) ? body : body + style.eol;
    body = `${prefix}{}${style.eol}`;
  } else {
    const { root } = parse(body, file);
    blocks(root, file); // a malformed `mcpServers` fails here, before any edit is planned
    style = detectStyle(body, root);
  }
  const wasStrictJson = isStrictJson(body);
  const initial = parseJsonc(body);
  if (!initial.ok) throw new Error('unreachable: the document parsed above');
  const model = initial.value as Record<string, unknown>;

  for (const edit of edits) {
    for (const step of plan(edit, model, file, style)) body = step(body, parse(body, file).root);
  }

  const result = parseJsonc(body);
  if (!result.ok || JSON.stringify(result.value) !== JSON.stringify(model) || (wasStrictJson && !isStrictJson(body))) {
    // A bug here must not reach the user's file: better no edit than a file that means something else.
    throw new Error(`internal error: editing ${file} did not produce the intended content, so the edit was abandoned`);
  }
  return bom + body;
}

function isStrictJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks one edit against the current content, updates `model` to the intended result and returns
 * the text steps that produce it.
 */
function plan(edit: ConfigEdit, model: Record<string, unknown>, file: string, style: TextStyle): Step[] {
  const modelBlocks = BY_PRECEDENCE.flatMap((key) => {
    const value = modelBlock(model, key);
    return value ? [{ key, value }] : [];
  });
  const holders = (name: string) => modelBlocks.filter(({ value }) => Object.hasOwn(value, name));

  switch (edit.kind) {
    case 'set': {
      const name = requireName(edit.name, 'server name');
      if (!isRecord(edit.config)) throw new ConfigEditError('INVALID_EDIT', `the config of "${name}" must be an object`);
      const config = jsonValue(edit.config, `the config of "${name}"`);
      const existing = holders(name)[0];
      if (existing) {
        define(existing.value, name, config);
      } else {
        const target = modelBlocks[0];
        if (target) define(target.value, name, config);
        else define(model, 'mcpServers', { [name]: config });
      }
      return [
        (text, root) => {
          const entry = effectiveEntry(root, name, file);
          if (entry) return applyEdits(text, replaceValue(text, entry.block, entry.property, config, style));
          // A new server goes where this file keeps its servers; `servers` first, as it is the
          // key VS Code reads and the one that wins in the loader.
          const target = blocks(root, file)[0];
          if (target) return applyEdits(text, insertProperty(text, target.node, name, config, style, false));
          return applyEdits(text, insertProperty(text, root, 'mcpServers', { [name]: config }, style, true));
        },
      ];
    }

    case 'remove': {
      const name = requireName(edit.name, 'server name');
      const found = holders(name);
      if (found.length === 0) throw notFound(name, file);
      for (const { value } of found) delete value[name];
      // Every copy goes (a shadowed one in `mcpServers`, duplicate keys), or it would come back.
      return found.map(
        ({ key }): Step =>
          (text) =>
            removeAll(text, file, (root) => {
              const object = block(root, key, file);
              return object && { object, properties: propertiesNamed(object, name) };
            }),
      );
    }

    case 'rename': {
      const from = requireName(edit.from, 'server name');
      const to = requireName(edit.to, 'new server name');
      const found = holders(from);
      if (found.length === 0) throw notFound(from, file);
      if (from === to) return [];
      if (holders(to).length > 0) {
        throw new ConfigEditError('SERVER_EXISTS', `cannot rename "${from}" to "${to}": ${file} already has a server "${to}"`);
      }
      for (const { key, value } of found) define(model, key, renamed(value, from, to));
      return [
        (text, root) =>
          applyEdits(
            text,
            blocks(root, file).flatMap(({ node }) => propertiesNamed(node, from).flatMap((property) => renameKey(property, to))),
          ),
      ];
    }

    case 'setField': {
      const name = requireName(edit.name, 'server name');
      const field = requireName(edit.field, 'field name');
      const holder = holders(name)[0];
      if (!holder) throw notFound(name, file);
      const entry = holder.value[name];
      if (!isRecord(entry)) {
        throw new ConfigEditError('INVALID_EDIT', `cannot set "${field}" of "${name}" in ${file}: the entry is not an object`);
      }
      if (edit.value === undefined) {
        if (!Object.hasOwn(entry, field)) return [];
        delete entry[field];
        return [
          (text) =>
            removeAll(text, file, (root) => {
              const found = effectiveEntry(root, name, file);
              const object = found && propertyValue(found.property);
              return object && { object, properties: propertiesNamed(object, field) };
            }),
        ];
      }
      const value = jsonValue(edit.value, `the value of "${field}"`);
      define(entry, field, value);
      return [
        (text, root) => {
          const found = effectiveEntry(root, name, file);
          if (!found) throw notFound(name, file);
          const object = propertyValue(found.property);
          const property = lastProperty(object, field);
          return applyEdits(
            text,
            property ? replaceValue(text, object, property, value, style) : insertProperty(text, object, field, value, style, false),
          );
        },
      ];
    }

    case 'setProfile':
      return planProfile(edit, model, file, style);

    default: {
      const unknown: never = edit;
      throw new ConfigEditError('INVALID_EDIT', `unknown edit kind: ${JSON.stringify((unknown as { kind?: unknown }).kind)}`);
    }
  }
}

/** The `profiles` object of the file, if it has one. */
function profilesBlock(root: Node, file: string): Node | undefined {
  const property = lastProperty(root, 'profiles');
  if (!property) return undefined;
  const value = propertyValue(property);
  if (value.type !== 'object') throw new ConfigEditError('INVALID_EDIT', `cannot edit ${file}: "profiles" is not an object of profiles; fix the file first`);
  return value;
}

function planProfile(edit: Extract<ConfigEdit, { kind: 'setProfile' }>, model: Record<string, unknown>, file: string, style: TextStyle): Step[] {
  const name = requireName(edit.name, 'profile name');
  const current = Object.hasOwn(model, 'profiles') ? model['profiles'] : undefined;
  if (current !== undefined && !isRecord(current)) throw new ConfigEditError('INVALID_EDIT', `cannot edit ${file}: "profiles" is not an object of profiles; fix the file first`);
  if (edit.profile === undefined) {
    if (!current || !Object.hasOwn(current, name)) throw new ConfigEditError('PROFILE_NOT_FOUND', `there is no profile "${name}" in ${file}`);
    delete current[name];
    return [
      (text) =>
        removeAll(text, file, (root) => {
          const object = profilesBlock(root, file);
          return object && { object, properties: propertiesNamed(object, name) };
        }),
    ];
  }
  if (!isRecord(edit.profile)) throw new ConfigEditError('INVALID_EDIT', `the profile "${name}" must be an object`);
  const value = jsonValue(edit.profile, `the profile "${name}"`);
  if (current) define(current, name, value);
  else define(model, 'profiles', { [name]: value });
  return [
    (text, root) => {
      const object = profilesBlock(root, file);
      if (!object) return applyEdits(text, insertProperty(text, root, 'profiles', { [name]: value }, style, true));
      const existing = lastProperty(object, name);
      return applyEdits(text, existing ? replaceValue(text, object, existing, value, style) : insertProperty(text, object, name, value, style, false));
    },
  ];
}
