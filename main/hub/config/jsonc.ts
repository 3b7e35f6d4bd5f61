import { parseTree, printParseErrorCode, visit } from 'jsonc-parser';
import type { Node, ParseError, ParseErrorCode } from 'jsonc-parser';
import type { JsonPath } from './json-path.js';

export interface JsoncSyntaxError {
  offset: number;
  message: string;
}

export type JsoncResult = { ok: true; root: Node; value: unknown } | { ok: false; error: JsoncSyntaxError };

type Container = 'object' | 'array' | undefined;

// jsonc-parser's codes are enum names ("CommaExpected"); users get a sentence instead.
function describeError(code: ParseErrorCode, container: Container): string {
  const closer = container === 'array' ? 'closing bracket' : 'closing brace';
  switch (printParseErrorCode(code)) {
    case 'InvalidSymbol':
      return 'unexpected characters (not valid JSON here)';
    case 'InvalidNumberFormat':
      return 'invalid number';
    case 'PropertyNameExpected':
      return 'expected a property name in double quotes';
    case 'ValueExpected':
      return 'expected a value';
    case 'ColonExpected':
      return 'expected a colon after the property name';
    case 'CommaExpected':
      return `expected a comma or ${closer}`;
    case 'CloseBraceExpected':
      return 'expected a comma or closing brace';
    case 'CloseBracketExpected':
      return 'expected a comma or closing bracket';
    case 'EndOfFileExpected':
      return 'unexpected content after the end of the JSON value';
    case 'InvalidCommentToken':
      return 'invalid comment';
    case 'UnexpectedEndOfComment':
      return 'unterminated block comment';
    case 'UnexpectedEndOfString':
      return 'unterminated string';
    case 'UnexpectedEndOfNumber':
      return 'incomplete number';
    case 'InvalidUnicode':
      return 'invalid unicode escape in string';
    case 'InvalidEscapeCharacter':
      return 'invalid escape sequence in string';
    case 'InvalidCharacter':
      return 'invalid character in string (control characters must be escaped)';
    default:
      return 'invalid JSON';
  }
}

// parseTree does not say whether a missing comma was inside an object or an array; a visitor pass does.
function firstError(text: string): JsoncSyntaxError {
  const stack: Container[] = [];
  let found: JsoncSyntaxError | undefined;
  visit(
    text,
    {
      onObjectBegin: () => void stack.push('object'),
      onObjectEnd: () => void stack.pop(),
      onArrayBegin: () => void stack.push('array'),
      onArrayEnd: () => void stack.pop(),
      onError: (code, offset) => {
        found ??= { offset, message: describeError(code, stack[stack.length - 1]) };
      },
    },
    { allowTrailingComma: true },
  );
  return found ?? { offset: 0, message: 'invalid JSON' };
}

/** JSON with comments and trailing commas (VS Code's dialect). */
export function parseJsonc(text: string): JsoncResult {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || root === undefined) return { ok: false, error: firstError(text) };
  return { ok: true, root, value: nodeValue(root) };
}

/**
 * Own value builder instead of jsonc's getNodeValue: that one assigns `obj[key] = …`, so a key
 * named "__proto__" would replace the object's prototype instead of becoming a property.
 */
export function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (keyNode === undefined || valueNode === undefined) continue;
        Object.defineProperty(out, String(keyNode.value), {
          value: nodeValue(valueNode),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value as unknown;
  }
}

/**
 * Like jsonc's findNodeAtLocation, but with duplicate keys it picks the last one, which is the
 * one whose value the parser kept; otherwise a problem would point at a line that is not used.
 */
export function findNode(root: Node, path: JsonPath): Node | undefined {
  let node: Node | undefined = root;
  for (const segment of path) {
    if (node === undefined) return undefined;
    if (typeof segment === 'number') {
      node = node.type === 'array' ? node.children?.[segment] : undefined;
    } else if (node.type === 'object') {
      const property: Node | undefined = (node.children ?? []).findLast((p) => p.children?.[0]?.value === segment);
      node = property?.children?.[1];
    } else {
      return undefined;
    }
  }
  return node;
}
