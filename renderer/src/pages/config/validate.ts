import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { ServerConfigSchema } from '../../../../shared/config.js';

/** The keys servers live under, in the hub's merge order (`servers`, VS Code's, wins a clash). */
export const SERVER_KEYS = ['mcpServers', 'servers'] as const;

/** One thing wrong with a config file's text, where it is. */
export interface ConfigProblem {
  /** Offsets into the text, for the editor. */
  from: number;
  to: number;
  /** 1-based, for people. */
  line: number;
  column: number;
  /** `mcpServers.memory.args[0]`, when the problem is in a value. */
  path: string | undefined;
  message: string;
}

/** jsonc-parser's error codes, said the way the hub's own loader says them. */
const PARSE_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'unexpected text after the end',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function position(starts: number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}

export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

/**
 * The node a schema issue is about: the value at its path, or for a bad key (an env variable
 * name) the key itself, or else the nearest part of the path that exists.
 */
function nodeFor(entry: Node, path: readonly (string | number)[], isKeyProblem: boolean): Node {
  for (let length = path.length; length >= 0; length--) {
    const node = findNodeAtLocation(entry, path.slice(0, length) as (string | number)[]);
    if (!node) continue;
    if (isKeyProblem && length === path.length && node.parent?.type === 'property') return node.parent.children?.[0] ?? node;
    return node;
  }
  return entry;
}

/** The property nodes of an object node, with their key and value. */
function properties(object: Node): { key: Node; value: Node }[] {
  if (object.type !== 'object') return [];
  return (object.children ?? []).flatMap((property) => {
    const [key, value] = property.children ?? [];
    return key && value ? [{ key, value }] : [];
  });
}

/**
 * Everything the hub would reject in a config file's text, located for the editor: JSON syntax
 * (comments and trailing commas are fine, as in the hub) and, once the text parses, each server
 * entry checked against the same schema the hub uses.
 */
export function validateConfigText(text: string): ConfigProblem[] {
  const starts = lineStarts(text);
  const problem = (from: number, length: number, message: string, path?: readonly (string | number)[]): ConfigProblem => ({
    from,
    to: from + Math.max(length, 1),
    ...position(starts, from),
    path: path && path.length > 0 ? formatPath(path) : undefined,
    message,
  });

  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    return errors.map((error) => {
      const code = printParseErrorCode(error.error);
      return problem(error.offset, error.length, PARSE_MESSAGES[code] ?? code);
    });
  }
  if (!root) return text.trim() === '' ? [] : [problem(0, text.length, 'expected a JSON object')];
  if (root.type !== 'object') return [problem(root.offset, root.length, 'expected a JSON object at the top level')];

  const found: ConfigProblem[] = [];
  for (const { key, value: block } of properties(root)) {
    const blockKey = key.value as string;
    if (!(SERVER_KEYS as readonly string[]).includes(blockKey)) continue;
    if (block.type !== 'object') {
      found.push(problem(block.offset, block.length, 'expected an object of servers ({ "name": { ... } })', [blockKey]));
      continue;
    }
    for (const { key: nameNode, value: entry } of properties(block)) {
      const name = nameNode.value as string;
      if (name === '') found.push(problem(nameNode.offset, nameNode.length, 'the server name must not be empty', [blockKey, name]));
      const result = ServerConfigSchema.safeParse(getNodeValue(entry));
      if (result.success) continue;
      for (const issue of result.error.issues) {
        const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
        const node = nodeFor(entry, path, issue.code === 'invalid_key');
        found.push(problem(node.offset, node.length, issue.message, [blockKey, name, ...path]));
      }
    }
  }
  return found.sort((a, b) => a.from - b.from);
}
