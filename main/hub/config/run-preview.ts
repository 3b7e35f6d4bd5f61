import type { RunPreview } from '../../../shared/clients.js';
import type { ServerConfig } from '../../../shared/config.js';
import { matchingBrace } from './placeholders.js';

interface Described {
  /** The text as the server receives it, the placeholders the hub fills in shown as written. */
  shown: string;
  placeholders: string[];
  /** Literal text that looks like a placeholder (`${cmd: …}` from a client that never ran it). */
  literals: string[];
}

/** Reads config text the way placeholders.ts does (`$${` is a literal `${`, braces nest). */
function describe(text: string): Described {
  const out: Described = { shown: '', placeholders: [], literals: [] };
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      const close = matchingBrace(text, i + 2);
      const end = close === -1 ? text.length : close + 1;
      const literal = `$${text.slice(i + 2, end)}`;
      out.literals.push(literal);
      out.shown += literal;
      i = end;
    } else if (text.startsWith('${', i)) {
      const close = matchingBrace(text, i + 1);
      const end = close === -1 ? text.length : close + 1;
      out.placeholders.push(text.slice(i, end));
      out.shown += text.slice(i, end);
      i = end;
    } else {
      out.shown += text[i];
      i += 1;
    }
  }
  return out;
}

/** A POSIX shell's reading of one word, so that the command line shown is the one that runs. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * What an import would run, shown before it is written: the command line and environment (or URL
 * and headers) as the server receives them, which placeholders the hub fills in at each start, and
 * which `${…}` texts are passed on literally.
 */
export function runPreview(config: ServerConfig, notes: string[]): RunPreview {
  const placeholders = new Set<string>();
  const literals = new Set<string>();
  const show = (text: string): string => {
    const described = describe(text);
    for (const p of described.placeholders) placeholders.add(p);
    for (const l of described.literals) literals.add(l);
    return described.shown;
  };
  const record = (values: Record<string, string | null> | undefined) =>
    Object.fromEntries(Object.entries(values ?? {}).map(([key, value]) => [key, value === null ? null : show(value)]));
  const commandLine = config.command === undefined ? null : [config.command, ...(config.args ?? [])].map((word) => shellWord(show(word))).join(' ');
  return {
    commandLine,
    env: record(config.env),
    cwd: config.cwd === undefined ? null : show(config.cwd),
    url: config.url === undefined ? null : show(config.url),
    headers: Object.fromEntries(Object.entries(config.headers ?? {}).map(([key, value]) => [key, show(value)])),
    placeholders: [...placeholders],
    literals: [...literals],
    notes,
  };
}
