import type { ClientId } from '../../../shared/clients.js';
import { escapePlaceholders } from '../marketplace/install-values.js';

/**
 * Imported text means what it meant in the app it came from. Each client expands its own
 * placeholders (or none); what it expands becomes the hub's equivalent, everything else is
 * escaped (`${` as `$${`, as the marketplace writes registry text), so that a `${cmd: …}` or
 * `${secret:…}` that was inert text in Cursor never runs a command or reads a secret here.
 *
 * What each client expands, and where that was read:
 * - VS Code: `${env:X}`, `${workspaceFolder}`, `${workspaceFolderBasename}`, `${userHome}`,
 *   `${pathSeparator}`, `${/}`, `${input:id}` (code.visualstudio.com/docs/copilot/reference/mcp-configuration:
 *   "predefined variables" and `inputs`; the variables in docs/reference/variables-reference);
 *   `${command:…}`, `${config:…}`, `${file}` and the rest of those have no hub equivalent and
 *   are passed on as written, with a note.
 * - Cursor: `${env:X}`, `${userHome}`, `${workspaceFolder}`, `${workspaceFolderBasename}`,
 *   `${pathSeparator}`, `${/}` (cursor.com/docs/mcp, "config interpolation").
 * - Windsurf: `${env:X}` (docs.windsurf.com/windsurf/cascade/mcp, "variable interpolation");
 *   its `${file:…}` has no hub equivalent (note).
 * - Claude Code: `${VAR}` and `${VAR:-default}` in command, args, env, url and headers, never a
 *   bare `$VAR` (code.claude.com/docs/en/mcp, "Environment variable expansion in .mcp.json").
 * - Gemini CLI: `$VAR` and `${VAR}` in every string of settings.json
 *   (geminicli.com/docs/cli/configuration, "environment variables in settings").
 * - Claude Desktop: nothing; claude_desktop_config.json values reach the server as written
 *   (modelcontextprotocol/servers#1039: users set literal values because nothing expands).
 * - Codex: nothing in values (TOML, no interpolation); it names variables instead
 *   (`env_vars`, `bearer_token_env_var`, `env_http_headers`), which import.ts translates.
 */

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const UNSUPPORTED = Symbol('unsupported');
/** VS Code's variables the hub has no equivalent of (code.visualstudio.com/docs/reference/variables-reference). */
const VSCODE_ONLY = /^(command|config):|^(file|fileBasename|fileBasenameNoExtension|fileDirname|fileDirnameBasename|fileExtname|fileWorkspaceFolder|relativeFile|relativeFileDirname|lineNumber|selectedText|execPath|defaultBuildTask|cwd)$/;
const SAME_NAME = new Set(['userHome', 'workspaceFolder', 'workspaceFolderBasename', 'pathSeparator', '/']);

interface Dialect {
  /** The client's placeholders; `g` flag. */
  pattern: RegExp;
  /**
   * The hub's text for one match; UNSUPPORTED when the client expands it and the hub has no
   * equivalent, undefined when the client does not expand it either (both are kept as written).
   */
  translate(match: RegExpMatchArray): string | typeof UNSUPPORTED | undefined;
}

/** VS Code and Cursor share VS Code's `${name}` / `${env:NAME}` forms. */
function editorDialect(extra: (expression: string) => string | typeof UNSUPPORTED | undefined = () => undefined): Dialect {
  return {
    pattern: /\$\{([^{}]*)\}/g,
    translate: ([, expression = '']) => {
      if (SAME_NAME.has(expression)) return `\${${expression}}`;
      const env = /^env:(.*)$/.exec(expression)?.[1];
      if (env !== undefined) return VARIABLE.test(env) ? `\${env:${env}}` : undefined;
      return extra(expression);
    },
  };
}

const NONE: Dialect = { pattern: /(?!)/g, translate: () => undefined };

const DIALECTS: Record<ClientId, Dialect> = {
  vscode: editorDialect((expression) => {
    const id = /^input:([A-Za-z0-9_.-]+)$/.exec(expression)?.[1];
    if (id !== undefined) return `\${input:${id}}`;
    return VSCODE_ONLY.test(expression) ? UNSUPPORTED : undefined;
  }),
  cursor: editorDialect(),
  windsurf: {
    pattern: /\$\{([^{}]*)\}/g,
    translate: ([, expression = '']) => {
      const env = /^env:(.*)$/.exec(expression)?.[1];
      if (env !== undefined && VARIABLE.test(env)) return `\${env:${env}}`;
      return expression.startsWith('file:') ? UNSUPPORTED : undefined;
    },
  },
  'claude-code': {
    pattern: /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^{}]*))?\}/g,
    translate: ([, name, fallback]) => (fallback === undefined ? `\${env:${name}}` : `\${env:${name}:-${escapePlaceholders(fallback)}}`),
  },
  'gemini-cli': {
    pattern: /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    translate: ([, braced, bare]) => `\${env:${braced ?? bare}}`,
  },
  'claude-desktop': NONE,
  codex: NONE,
};

export interface TranslatedText {
  text: string;
  /** What the client would have expanded and the hub cannot: passed on as written. */
  untranslated: string[];
}

/** One text of a client's entry as hub config text; throws ImportTextError when it cannot be written. */
export function translateClientText(client: ClientId, text: string): TranslatedText {
  const dialect = DIALECTS[client];
  const untranslated: string[] = [];
  let out = '';
  let last = 0;
  for (const match of text.matchAll(dialect.pattern)) {
    const hub = dialect.translate(match);
    if (hub === undefined) continue;
    if (hub === UNSUPPORTED) {
      untranslated.push(match[0]);
      continue;
    }
    const literal = text.slice(last, match.index);
    // `$` + `${env:…}` reads as the escape `$${`: the placeholder would become text.
    if (literal.endsWith('$')) throw new ImportTextError(`a "$" right before ${match[0]} cannot be written in the hub's config`);
    out += escapePlaceholders(literal) + hub;
    last = match.index + match[0].length;
  }
  return { text: out + escapePlaceholders(text.slice(last)), untranslated };
}

export class ImportTextError extends Error {
  override readonly name = 'ImportTextError';
}

/** A variable name a client gives (Codex's `bearer_token_env_var`…) as a hub placeholder. */
export function variablePlaceholder(name: string, field: string): string {
  if (!VARIABLE.test(name)) throw new ImportTextError(`${field}: "${name}" is not an environment variable name`);
  return `\${env:${name}}`;
}
