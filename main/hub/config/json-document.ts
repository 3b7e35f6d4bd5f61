import JSON5 from 'json5';
import { ConfigFileError } from './config-file-error.js';
import { findNode, parseJsonc } from './jsonc.js';
import { locateJson5 } from './json5-locate.js';
import { formatJsonPath, type JsonPath } from './json-path.js';
import { positionAt } from './text-position.js';
import type { TextPosition } from './text-position.js';

export interface JsonDocument {
  value: unknown;
  /** Position of the value at `path`, or of its deepest existing ancestor (e.g. the object a key is missing from). */
  locate(path: JsonPath): TextPosition;
}

interface Json5SyntaxError extends SyntaxError {
  lineNumber: number;
  columnNumber: number;
}

function isJson5SyntaxError(error: unknown): error is Json5SyntaxError {
  return (
    error instanceof SyntaxError &&
    typeof (error as Partial<Json5SyntaxError>).lineNumber === 'number' &&
    typeof (error as Partial<Json5SyntaxError>).columnNumber === 'number'
  );
}

function deepest(offsetOf: (path: JsonPath) => number | undefined, text: string, path: JsonPath): TextPosition {
  for (let length = path.length; length >= 0; length--) {
    const offset = offsetOf(path.slice(0, length));
    if (offset !== undefined) return positionAt(text, offset);
  }
  return { line: 1, column: 1 };
}

/**
 * Parses a config file's text as JSON, JSONC or JSON5. jsonc-parser goes first because it is
 * exact about positions; json5 is the fallback for the syntax only it accepts. Throws
 * ConfigFileError (with line and column) when neither accepts the text.
 */
export function parseJsonDocument(rawText: string, file: string): JsonDocument {
  // Editors on Windows like to write a BOM; neither it nor its column belongs to the content.
  const text = rawText.startsWith('\uFEFF') ? rawText.slice(1) : rawText;
  if (text.trim() === '') {
    throw new ConfigFileError(file, 'the file is empty (expected a JSON object)', { line: 1, column: 1 });
  }

  const jsonc = parseJsonc(text);
  if (jsonc.ok) {
    const { root } = jsonc;
    return { value: jsonc.value, locate: (path) => deepest((p) => findNode(root, p)?.offset, text, path) };
  }

  let value: unknown;
  try {
    value = JSON5.parse<unknown>(text);
  } catch (error) {
    // Both parsers failed: a .json5 file is meant to be JSON5, so json5's complaint is the relevant one.
    if (file.toLowerCase().endsWith('.json5') && isJson5SyntaxError(error)) {
      const reason = error.message.replace(/^JSON5: /, '').replace(/ at \d+:\d+$/, '');
      throw new ConfigFileError(file, reason, { line: error.lineNumber, column: error.columnNumber });
    }
    throw new ConfigFileError(file, jsonc.error.message, positionAt(text, jsonc.error.offset));
  }
  const offsetOf = locateJson5(text);
  return { value, locate: (path) => deepest(offsetOf, text, path) };
}

/** Issues about the part of a document at `base`, each as `file:line:column: json.path: message`, joined with `; `. */
export function locatedIssues(doc: JsonDocument, file: string, base: (string | number)[], issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .map((issue) => {
      const path = [...base, ...issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment))];
      const { line, column } = doc.locate(path);
      return `${file}:${line}:${column}: ${formatJsonPath(path)}: ${issue.message}`;
    })
    .join('; ');
}
