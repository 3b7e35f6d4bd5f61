import type { Edit, Node } from 'jsonc-parser';
import { isRecord } from '../../../shared/is-record.js';

/**
 * Text-level edits of a parsed JSONC document that leave every byte outside the touched property
 * alone. jsonc-parser's `modify` is not used for this: it re-formats whole lines around an
 * insertion or removal (expanding a one-line sibling), moves a same-line comment onto the new
 * property, and when the first property is removed it deletes the comment above the second one.
 * Here only the property itself, its own comments and one comma ever change.
 *
 * Every function takes nodes from a `parseTree` of exactly `text` and returns non-overlapping
 * edits for jsonc-parser's `applyEdits`.
 */

export interface TextStyle {
  /** One level of indentation: a tab or some spaces. */
  indent: string;
  eol: '\n' | '\r\n';
}

const DEFAULT_INDENT = '  ';

function isLineBreak(ch: string | undefined): boolean {
  return ch === '\n' || ch === '\r';
}

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && !isLineBreak(ch) && /\s/.test(ch);
}

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && !isLineBreak(text[i - 1])) i--;
  return i;
}

/** The whitespace a line starts with. */
function lineIndent(text: string, offset: number): string {
  const start = lineStart(text, offset);
  let end = start;
  while (isSpace(text[end])) end++;
  return text.slice(start, end);
}

/** Whether only whitespace precedes `offset` on its line. */
function startsLine(text: string, offset: number): boolean {
  return text.slice(lineStart(text, offset), offset).trim() === '';
}

function eolLength(text: string, offset: number): number {
  if (text[offset] === '\r') return text[offset + 1] === '\n' ? 2 : 1;
  return text[offset] === '\n' ? 1 : 0;
}

interface Trivia {
  kind: 'space' | 'eol' | 'comment';
  start: number;
  end: number;
}

/**
 * The whitespace, line breaks and comments from `from` up to the next token (`end`). Only ever
 * called between tokens of a document that parsed, so strings cannot start here.
 */
function triviaFrom(text: string, from: number): { items: Trivia[]; end: number } {
  const items: Trivia[] = [];
  let i = from;
  while (i < text.length) {
    const start = i;
    if (isSpace(text[i])) {
      while (isSpace(text[i])) i++;
      items.push({ kind: 'space', start, end: i });
    } else if (isLineBreak(text[i])) {
      i += eolLength(text, i);
      items.push({ kind: 'eol', start, end: i });
    } else if (text.startsWith('//', i)) {
      while (i < text.length && !isLineBreak(text[i])) i++;
      items.push({ kind: 'comment', start, end: i });
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? text.length : close + 2;
      items.push({ kind: 'comment', start, end: i });
    } else {
      break;
    }
  }
  return { items, end: i };
}

/** True when `text` holds no JSON value at all, only whitespace and comments. */
export function isBlankDocument(text: string): boolean {
  return triviaFrom(text, 0).end === text.length;
}

interface LineTail {
  /** After the last comment that follows `from` on the same line (or `from` if there is none). */
  contentEnd: number;
  /** Where the line break is, when nothing but spaces and comments follow on the line. */
  eolStart?: number;
  /** After that line break. */
  eolEnd?: number;
}

function lineTail(text: string, from: number): LineTail {
  let contentEnd = from;
  let i = from;
  for (;;) {
    while (isSpace(text[i])) i++;
    const comment = triviaFrom(text, i).items[0];
    if (comment?.kind !== 'comment') break;
    contentEnd = i = comment.end;
  }
  if (isLineBreak(text[i])) return { contentEnd, eolStart: i, eolEnd: i + eolLength(text, i) };
  return { contentEnd };
}

function end(node: Node): number {
  return node.offset + node.length;
}

/** Offset of the comma that follows `node`, if one does. */
function commaAfter(text: string, node: Node): number | undefined {
  const next = triviaFrom(text, end(node)).end;
  return text[next] === ',' ? next : undefined;
}

function children(node: Node): Node[] {
  return node.children ?? [];
}

function keyNode(property: Node): Node {
  const key = property.children?.[0];
  if (key === undefined) throw new Error('malformed parse tree: property without a key');
  return key;
}

function propertyKey(property: Node): string {
  return String(keyNode(property).value);
}

export function propertyValue(property: Node): Node {
  const value = property.children?.[1];
  if (value === undefined) throw new Error('malformed parse tree: property without a value');
  return value;
}

/** All properties of `object` named `key`, in document order (JSONC allows duplicates). */
export function propertiesNamed(object: Node, key: string): Node[] {
  return children(object).filter((property) => propertyKey(property) === key);
}

function isSingleLine(text: string, node: Node): boolean {
  return !/[\r\n]/.test(text.slice(node.offset, end(node)));
}

/**
 * Indentation and line breaks as the file already has them, so that inserted text looks like its
 * neighbours. The indent unit is the first nesting step found where a child starts its own line.
 */
export function detectStyle(text: string, root: Node | undefined): TextStyle {
  const crlf = text.match(/\r\n/g)?.length ?? 0;
  const lf = (text.match(/\n/g)?.length ?? 0) - crlf;
  return { eol: crlf > lf ? '\r\n' : '\n', indent: (root && indentStep(text, root)) ?? DEFAULT_INDENT };
}

function indentStep(text: string, node: Node): string | undefined {
  const first = node.children?.[0];
  if (first === undefined) return undefined;
  if ((node.type === 'object' || node.type === 'array') && startsLine(text, first.offset)) {
    const outer = lineIndent(text, node.offset);
    const inner = lineIndent(text, first.offset);
    if (inner.length > outer.length && inner.startsWith(outer)) return inner.slice(outer.length);
  }
  for (const child of children(node)) {
    const step = indentStep(text, child);
    if (step !== undefined) return step;
  }
  return undefined;
}

// Short lists such as `"args": ["-y", "some-server"]` read best on one line, as people write them.
const INLINE_ARRAY_MAX = 60;

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

/** `value` as pretty JSON whose continuation lines start with `baseIndent`. */
function blockJson(value: unknown, style: TextStyle, baseIndent: string): string {
  const inner = baseIndent + style.indent;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const inline = inlineJson(value);
    if (value.every(isScalar) && inline.length <= INLINE_ARRAY_MAX) return inline;
    return `[${value.map((item) => style.eol + inner + blockJson(item, style, inner)).join(',')}${style.eol}${baseIndent}]`;
  }
  if (isRecord(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const lines = entries.map(([key, item]) => `${style.eol}${inner}${JSON.stringify(key)}: ${blockJson(item, style, inner)}`);
    return `{${lines.join(',')}${style.eol}${baseIndent}}`;
  }
  return JSON.stringify(value);
}

/** `value` on one line, spaced like hand-written compact JSON (`{ "a": [1, 2] }`). */
function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[${value.map(inlineJson).join(', ')}]`;
  if (isRecord(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([key, item]) => `${JSON.stringify(key)}: ${inlineJson(item)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** Replaces the value of `property` (a child of `container`). */
export function replaceValue(text: string, container: Node, property: Node, value: unknown, style: TextStyle): Edit[] {
  const target = propertyValue(property);
  const content = isSingleLine(text, container)
    ? inlineJson(value)
    : blockJson(value, style, lineIndent(text, property.offset));
  return [{ offset: target.offset, length: target.length, content }];
}

/** Renames a property by rewriting only its key token: the value text, its comments and its place stay. */
export function renameKey(property: Node, key: string): Edit[] {
  const token = keyNode(property);
  return [{ offset: token.offset, length: token.length, content: JSON.stringify(key) }];
}

/**
 * Adds `"key": value` as the last property of `object`, in the layout of the existing ones: on its
 * own line with the same indent, or inline in a one-line object; with a trailing comma only if the
 * current last property has one, so a strict JSON file stays strict JSON.
 */
export function insertProperty(text: string, object: Node, key: string, value: unknown, style: TextStyle, isRoot: boolean): Edit[] {
  const props = children(object);
  const close = end(object) - 1;
  const objectIndent = lineIndent(text, object.offset);
  const last = props[props.length - 1];

  if (last === undefined) {
    const interior = text.slice(object.offset + 1, close);
    // An empty object in a minified file stays on one line; otherwise it opens up like a formatter would.
    if (!isRoot && isSingleLine(text, object) && interior.trim() === '' && !/[\r\n]/.test(text)) {
      return [{ offset: object.offset + 1, length: interior.length, content: `${JSON.stringify(key)}: ${inlineJson(value)}` }];
    }
    const indent = objectIndent + style.indent;
    const property = `${JSON.stringify(key)}: ${blockJson(value, style, indent)}`;
    const comments = triviaFrom(text, object.offset + 1).items.filter((item) => item.kind === 'comment');
    const lastComment = comments[comments.length - 1];
    if (lastComment === undefined) {
      return [{ offset: object.offset + 1, length: interior.length, content: style.eol + indent + property + style.eol + objectIndent }];
    }
    // Comments in an empty object ("add servers here") stay; the property goes below them.
    const closeOnSameLine = !/[\r\n]/.test(text.slice(lastComment.end, close));
    return [
      {
        offset: lastComment.end,
        length: closeOnSameLine ? close - lastComment.end : 0,
        content: style.eol + indent + property + (closeOnSameLine ? style.eol + objectIndent : ''),
      },
    ];
  }

  const lastEnd = end(last);
  const comma = commaAfter(text, last);
  if (isSingleLine(text, object) || !startsLine(text, last.offset)) {
    const property = `${JSON.stringify(key)}: ${inlineJson(value)}`;
    return comma === undefined
      ? [{ offset: lastEnd, length: 0, content: `, ${property}` }]
      : [{ offset: comma + 1, length: 0, content: ` ${property},` }];
  }

  const indent = lineIndent(text, last.offset);
  const property = `${JSON.stringify(key)}: ${blockJson(value, style, indent)}${comma === undefined ? '' : ','}`;
  const tail = lineTail(text, comma === undefined ? lastEnd : comma + 1);
  // A comment after the last property describes that property, so the new one goes below it,
  // and the comma the last property now needs goes before it.
  const kept = (comma === undefined ? ',' : '') + text.slice(lastEnd, tail.eolStart ?? tail.contentEnd);
  if (tail.eolStart !== undefined) {
    return [{ offset: lastEnd, length: tail.eolStart - lastEnd, content: kept + style.eol + indent + property }];
  }
  // The closing brace shares the last property's line: it moves to a line of its own.
  return [{ offset: lastEnd, length: close - lastEnd, content: kept + style.eol + indent + property + style.eol + objectIndent }];
}

/**
 * Where the comments that belong to the property at `start` begin: the comment lines directly
 * above it, up to a blank line. A comment on the previous property's line (after its comma) is
 * that property's, and a comment block after a blank line is a heading for what follows.
 */
function attachedStart(text: string, boundary: number, start: number): number {
  const { items } = triviaFrom(text, boundary);
  let head = lineStart(text, start);
  let i = items.length - 1;
  if (items[i]?.kind === 'space') i--;
  for (;;) {
    let j = i - 1;
    let firstComment: Trivia | undefined;
    while (j >= 0 && items[j]?.kind !== 'eol') {
      const item = items[j];
      if (item?.kind === 'comment') firstComment = item;
      j--;
    }
    if (firstComment === undefined || j < 0) return head;
    head = lineStart(text, firstComment.start);
    i = j;
  }
}

/**
 * Removes `property` from `object` with its own comments and one comma, keeping the rest of the
 * file as it is and never leaving a trailing comma that was not there before.
 */
export function removeProperty(text: string, object: Node, property: Node): Edit[] {
  const props = children(object);
  const index = props.indexOf(property);
  const previous = index > 0 ? props[index - 1] : undefined;
  const start = property.offset;
  const stop = end(property);
  const comma = commaAfter(text, property);
  const tail = lineTail(text, comma === undefined ? stop : comma + 1);
  let spaceStart = start;
  while (isSpace(text[spaceStart - 1])) spaceStart--;

  const edits: Edit[] = [];
  const removePreviousComma = (): void => {
    const previousComma = previous && commaAfter(text, previous);
    if (previousComma !== undefined) edits.push({ offset: previousComma, length: 1, content: '' });
  };

  if (startsLine(text, start) && tail.eolEnd !== undefined) {
    // The property has its lines to itself: they go whole, with the comment lines above it.
    const previousComma = previous && commaAfter(text, previous);
    const boundary = previousComma !== undefined ? previousComma + 1 : previous ? end(previous) : object.offset + 1;
    const head = attachedStart(text, boundary, start);
    edits.push({ offset: head, length: tail.eolEnd - head, content: '' });
    if (comma === undefined) removePreviousComma();
  } else if (comma !== undefined) {
    if (tail.eolStart !== undefined) {
      edits.push({ offset: spaceStart, length: tail.contentEnd - spaceStart, content: '' });
    } else {
      let next = comma + 1;
      while (isSpace(text[next])) next++;
      edits.push({ offset: start, length: next - start, content: '' });
    }
  } else if (previous !== undefined) {
    const gap = text.slice(end(previous), start);
    if (/\/[/*]/.test(gap)) {
      removePreviousComma();
      edits.push({ offset: spaceStart, length: stop - spaceStart, content: '' });
    } else {
      edits.push({ offset: end(previous), length: stop - end(previous), content: '' });
    }
  } else {
    edits.push({ offset: start, length: stop - start, content: '' });
  }

  if (props.length === 1) {
    // The object is now empty: `{}` rather than a stray blank line, unless comments remain in it.
    const interiorStart = object.offset + 1;
    const interiorEnd = end(object) - 1;
    let interior = text.slice(interiorStart, interiorEnd);
    for (const edit of [...edits].sort((a, b) => b.offset - a.offset)) {
      const at = edit.offset - interiorStart;
      interior = interior.slice(0, at) + edit.content + interior.slice(at + edit.length);
    }
    if (interior.trim() === '') return [{ offset: interiorStart, length: interiorEnd - interiorStart, content: '' }];
  }
  return edits;
}
