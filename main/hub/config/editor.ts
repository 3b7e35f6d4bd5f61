import { resolve } from 'node:path';
import { findNodeAtLocation, getNodePath, parseTree, type Node } from 'jsonc-parser';
import { HubError } from '../errors.js';
import { applyConfigEdits, ConfigEditError, type ConfigEdit } from './edit.js';
import { ConfigConflictError, readConfigSnapshot, writeConfigFile, type ConfigSnapshot } from './write.js';

/** An API edit is re-applied on a fresh read this many times when the file changes underneath it. */
const EDIT_ATTEMPTS = 3;

export class RedactedValueError extends HubError {
  constructor(readonly path: string) {
    super('CONFIG_INVALID', `${path}: holds a value shown as [redacted]; keep it unchanged or type the real value`, { path });
  }
}

/**
 * Changes the user's config files on behalf of the API: only the hub's own config files, with
 * comments and formatting kept, atomically, with a backup, and never over somebody else's edit.
 */
export class ConfigEditor {
  private readonly files: string[];

  constructor(
    files: string[],
    private readonly backupDir: string,
  ) {
    this.files = files.map((file) => resolve(file));
  }

  /** One of the hub's config files, or undefined: the API never writes anywhere else. */
  known(file: string): string | undefined {
    const absolute = resolve(file);
    return this.files.includes(absolute) ? absolute : undefined;
  }

  get defaultFile(): string {
    return this.files[0]!;
  }

  snapshots(): Promise<ConfigSnapshot[]> {
    return Promise.all(this.files.map((file) => readConfigSnapshot(file)));
  }

  /**
   * Applies structural edits to one file. The edits mean the same on any version of the file, so
   * a concurrent change on disk is absorbed by reading again and re-applying them.
   */
  async editFile(file: string, edits: ConfigEdit[]): Promise<ConfigSnapshot> {
    let conflict: ConfigConflictError | undefined;
    for (let attempt = 1; ; attempt++) {
      const snapshot = await readConfigSnapshot(file);
      let text: string;
      try {
        text = applyConfigEdits(snapshot.text, file, edits);
      } catch (error) {
        // The server this edit is about went away in a save that came in between: that is the
        // conflict to report, not a server that never was.
        if (conflict && error instanceof ConfigEditError && error.code === 'SERVER_NOT_FOUND') throw new ConfigConflictError(file, conflict.expectedHash, snapshot);
        throw error;
      }
      try {
        return await writeConfigFile(file, text, { expectedHash: snapshot.hash, backupDir: this.backupDir, previousText: snapshot.text });
      } catch (error) {
        if (!(error instanceof ConfigConflictError) || attempt >= EDIT_ATTEMPTS) throw error;
        conflict ??= error;
      }
    }
  }

  /**
   * Writes a whole file as edited by a person (the raw editor), only over the version they read.
   * Values the API showed as `[redacted]` are put back from the file on disk.
   */
  async writeText(file: string, text: string, expectedHash: string, redact: (text: string) => string): Promise<ConfigSnapshot> {
    const current = await readConfigSnapshot(file);
    const restored = current.hash === expectedHash ? restoreRedacted(text, current.text, redact) : text;
    return writeConfigFile(file, restored, { expectedHash, backupDir: this.backupDir });
  }
}

const MARKER = '[redacted]';

/**
 * Puts the real value back wherever the edited text still holds a value exactly as the API showed
 * it (secrets blanked). Any other string containing the marker is a mistake, refused with its path.
 */
export function restoreRedacted(edited: string, original: string, redact: (text: string) => string): string {
  if (!edited.includes(MARKER)) return edited;
  const editedTree = parseTree(edited);
  const originalTree = parseTree(original);
  if (!editedTree) return edited;
  const replacements: { offset: number; length: number; text: string }[] = [];
  const visit = (node: Node) => {
    if (node.type === 'string' && typeof node.value === 'string' && node.value.includes(MARKER)) {
      const path = getNodePath(node);
      const before = originalTree ? findNodeAtLocation(originalTree, path) : undefined;
      if (before?.type !== 'string' || redact(String(before.value)) !== node.value) throw new RedactedValueError(path.join('.'));
      replacements.push({ offset: node.offset, length: node.length, text: JSON.stringify(before.value) });
    }
    node.children?.forEach(visit);
  };
  visit(editedTree);
  let result = edited;
  for (const { offset, length, text } of replacements.sort((a, b) => b.offset - a.offset)) {
    result = result.slice(0, offset) + text + result.slice(offset + length);
  }
  return result;
}

/**
 * The same for a server entry sent as an object (the UI's server form): a value still exactly as
 * the API showed it is put back from `previous`, the entry as written now. A new server has no
 * previous entry, so any value holding the marker is refused rather than saved as "[redacted]".
 */
export function restoreRedactedConfig(
  config: Record<string, unknown>,
  previous: Record<string, unknown> | undefined,
  redact: (text: string) => string,
  label: string,
): Record<string, unknown> {
  const visit = (value: unknown, before: unknown, path: string): unknown => {
    if (typeof value === 'string') {
      if (!value.includes(MARKER)) return value;
      if (typeof before !== 'string' || redact(before) !== value) throw new RedactedValueError(path);
      return before;
    }
    if (Array.isArray(value)) return value.map((item, index) => visit(item, Array.isArray(before) ? before[index] : undefined, `${path}[${index}]`));
    if (typeof value === 'object' && value !== null) {
      const old = typeof before === 'object' && before !== null && !Array.isArray(before) ? (before as Record<string, unknown>) : {};
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, visit(item, old[key], `${path}.${key}`)]));
    }
    return value;
  };
  return visit(config, previous, label) as Record<string, unknown>;
}
