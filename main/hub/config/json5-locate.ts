import JSON5 from 'json5';
import type { JsonPath } from './json-path.js';

/**
 * Offsets of every value in a JSON5 text, keyed by JSON path.
 *
 * json5 gives values but no positions, and jsonc-parser cannot walk JSON5 syntax (unquoted keys,
 * single quotes, hex numbers…). Problems in JSON5 files still deserve a line:column, so this
 * scanner walks the structure. It must only be given text that JSON5.parse accepted, which keeps
 * it small: it never has to diagnose anything. Key spellings are decoded by json5 itself.
 */
export function locateJson5(text: string): (path: JsonPath) => number | undefined {
  const offsets = new Map<string, number>();
  let i = 0;

  const skipTrivia = (): void => {
    while (i < text.length) {
      const ch = text[i] ?? '';
      if (/\s/.test(ch)) {
        i++;
      } else if (text.startsWith('//', i)) {
        while (i < text.length && !/[\n\r\u2028\u2029]/.test(text[i] ?? '')) i++;
      } else if (text.startsWith('/*', i)) {
        const end = text.indexOf('*/', i + 2);
        i = end === -1 ? text.length : end + 2;
      } else {
        return;
      }
    }
  };

  const skipString = (): void => {
    const quote = text[i];
    i++;
    while (i < text.length && text[i] !== quote) i += text[i] === '\\' ? 2 : 1;
    i++;
  };

  const readKey = (): string => {
    const start = i;
    if (text[i] === '"' || text[i] === "'") {
      skipString();
      return JSON5.parse<string>(text.slice(start, i));
    }
    while (i < text.length && !/[\s:/]/.test(text[i] ?? '')) i++;
    return Object.keys(JSON5.parse<Record<string, unknown>>(`{${text.slice(start, i)}:0}`))[0] ?? '';
  };

  const value = (path: (string | number)[]): void => {
    skipTrivia();
    offsets.set(JSON.stringify(path), i);
    const ch = text[i];
    if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      i++;
      for (let index = 0; ; index++) {
        skipTrivia();
        if (text[i] === close || i >= text.length) break;
        if (close === '}') {
          const key = readKey();
          skipTrivia();
          i++; // the colon
          value([...path, key]);
        } else {
          value([...path, index]);
        }
        skipTrivia();
        if (text[i] === ',') i++;
      }
      i++;
    } else if (ch === '"' || ch === "'") {
      skipString();
    } else {
      while (i < text.length && !/[\s,\]}/]/.test(text[i] ?? '')) i++;
    }
  };

  value([]);
  return (path) => offsets.get(JSON.stringify(path));
}
