import type {
  RegistryArgument,
  RegistryInput,
  RegistryKeyValueInput,
  RegistryPackage,
  RegistryRemote,
} from '../../../shared/registry-schema.js';

/**
 * From a registry entry to an mcp-hub server config. Pure: no I/O, never throws on an entry that
 * passed the registry schema (fuzzed in install.test.ts).
 *
 * How each package type runs follows docs/reference/server-json/generic-server-json.md and the
 * `Package` description in docs/reference/api/openapi.yaml (modelcontextprotocol/registry), the
 * same mapping VS Code's MCP gallery applies:
 * - npm  → `npx -y [runtimeArguments] <identifier>@<version> [packageArguments]`
 * - pypi → `uvx [runtimeArguments] <identifier>==<version> [packageArguments]`
 * - oci  → `docker run -i --rm [runtimeArguments] [-e VAR …] <image>[:<version>] [packageArguments]`;
 *   since schema 2025-10-11 the tag is part of `identifier`, older entries give it as `version`.
 *   Environment values reach the container through `-e VAR` (name only) and the config's `env`, so
 *   they are never on the command line.
 * - nuget → `dnx <identifier>@<version> --yes [-- packageArguments]`
 * - remote → `{type, url, headers}` (streamable-http or sse).
 * Named arguments become `<name> <value>`; positional ones `<value>`. A fixed `value` may refer to
 * its `variables` as `{name}`; unknown `{names}` stay as they are (openapi.yaml, `Input.value`).
 *
 * Secret inputs (`isSecret`) never reach the config: it gets `${secret:<account>}` and the value
 * is returned for the SecretStore. Every other text is written literally (`${` as `$${`), because
 * the hub expands placeholders, including `${cmd: …}`, in the config when a server starts.
 */

export interface InstallChoice {
  /** Index into `entry.packages`. */
  package?: number;
  /** Index into `entry.remotes`. */
  remote?: number;
}

export interface StdioInstallConfig {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

export interface RemoteInstallConfig {
  type: 'streamable-http' | 'sse';
  url: string;
  headers?: Record<string, string>;
}

/** A server entry for an mcp-hub config file (`mcpServers.<name>`). */
export type InstallConfig = StdioInstallConfig | RemoteInstallConfig;

export interface InstallSecret {
  /** The name in the SecretStore; the config refers to it as `${secret:<name>}`. */
  name: string;
  value: string;
}

export interface InstallResult {
  /** `null` when the chosen package or remote cannot be run by the hub (see `notices`). */
  config: InstallConfig | null;
  /** Values of secret inputs, to be put in the SecretStore; the config holds placeholders only. */
  secrets: InstallSecret[];
  /** Keys of required inputs that have no value and no default. */
  missing: string[];
  /** `key: why` for values the entry does not accept (not one of its choices, not a number, …). */
  invalid: string[];
  /** Things the user should know: an unsupported package type, a skipped input, … */
  notices: string[];
}

export type InstallInputKind = 'environment' | 'header' | 'argument' | 'variable';

/** One value the install dialog can ask for; its `key` is the key in `values`. */
export interface InstallInput {
  key: string;
  kind: InstallInputKind;
  description?: string;
  isRequired: boolean;
  isSecret: boolean;
  /** `string`, `number`, `boolean`, `filepath` (or a newer one). */
  format: string;
  default?: string;
  placeholder?: string;
  choices?: string[];
}

/** What configFromEntry needs of an entry (a MarketplaceEntry has it). */
export interface Installable {
  id: string;
  packages: readonly RegistryPackage[];
  remotes: readonly RegistryRemote[];
}

export interface InstallOptions {
  /**
   * The SecretStore account for an input's key. Default `server:<entry id>:<key>`, after the
   * store's `server:<name>:<what>` convention (main/hub/secrets/secret-store.ts); pass
   * `(key) => `server:${serverName}:${key}`` to use the name the server gets in the config.
   */
  secretName?: (key: string) => string;
  /**
   * Keep placeholders (`${env:X}`, `${cmd: …}`) in the values the user typed instead of making
   * them literal. Only for values the user wrote themselves: a dialog that pre-fills a registry
   * default and sends it back must leave this off.
   */
  allowPlaceholders?: boolean;
}

export type Runtime = 'node' | 'uv' | 'docker';

/** `${secret:NAME}`: the placeholder the config resolver replaces with the SecretStore's value. */
export function secretPlaceholder(name: string): string {
  return `\${secret:${name}}`;
}

/**
 * Text as a literal for the config's placeholder syntax (`$${` is a literal `${`,
 * main/hub/config/placeholders.ts). Registry text is untrusted: a default or fixed value such as
 * `${cmd: …}` would run a command when the server starts, and `${secret:…}` would hand another
 * server's secret to this one.
 */
export function escapePlaceholders(text: string): string {
  // A function, because in a replacement string `$$` itself means "$".
  return text.replaceAll('${', () => '$${');
}

/** The runtime a config's command needs on the machine, to check before starting it. */
export function requiredRuntime(config: object): Runtime | undefined {
  const command: unknown = 'command' in config ? config.command : undefined;
  if (typeof command !== 'string') return undefined;
  const base = command
    .split(/[\\/]/)
    .pop()
    ?.toLowerCase()
    .replace(/\.(exe|cmd|bat|ps1)$/, '');
  switch (base) {
    case 'npx':
    case 'node':
    case 'npm':
      return 'node';
    case 'uvx':
    case 'uv':
      return 'uv';
    case 'docker':
      return 'docker';
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------

/** Placeholder names come from registry keys; braces would end the placeholder early. */
function safeSecretName(name: string): string {
  return name.replace(/[^A-Za-z0-9._/:-]/g, '_');
}

/** HTTP header names (RFC 9110 token); anything else makes fetch throw at connect time. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Environment names the hub's config schema accepts (shared/config.ts). */
const ENV_NAME = /^[^=\0]+$/;
/**
 * `{name}` references in a fixed value, as the schema's `variables` describe them. A `$` right
 * before one is taken as part of it: publishers used to shell syntax write `${name}`.
 */
const TEMPLATE_REFERENCE = /\$?\{([^{}\s]+)\}/g;

/**
 * Config text is built from pieces and written out once, so that no joint of two pieces can form
 * a `${` nobody wrote: registry text and user text are literal, placeholders are ours (or, with
 * allowPlaceholders, the user's own).
 */
type Piece = { literal: string } | { placeholder: string };

function plainText(pieces: Piece[]): string {
  return pieces.map((piece) => ('literal' in piece ? piece.literal : piece.placeholder)).join('');
}

function hasOwn(record: Record<string, string>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

/** Declares nothing to ask: a named argument like `--stdio` that is always passed as it is. */
function isConstantFlag(argument: RegistryArgument): boolean {
  return (
    argument.value === undefined &&
    argument.default === undefined &&
    argument.description === undefined &&
    argument.isRequired !== true &&
    argument.isSecret !== true &&
    argument.choices === undefined &&
    argument.placeholder === undefined &&
    argument.format === undefined
  );
}

function positionalKey(argument: RegistryArgument, index: number): string {
  return argument.valueHint ?? `argument${index + 1}`;
}

class Builder {
  readonly secrets = new Map<string, string>();
  readonly missing: string[] = [];
  readonly invalid: string[] = [];
  readonly notices: string[] = [];
  /** While header values are built: a line break in one would smuggle in another header. */
  private inHeader = false;

  constructor(
    private readonly values: Record<string, string>,
    private readonly secretName: (key: string) => string,
    private readonly allowPlaceholders: boolean,
  ) {}

  private addMissing(key: string): void {
    if (!this.missing.includes(key)) this.missing.push(key);
  }

  private addInvalid(text: string): void {
    if (!this.invalid.includes(text)) this.invalid.push(text);
  }

  private secret(key: string, value: string): Piece {
    const name = safeSecretName(this.secretName(key));
    this.secrets.set(name, value);
    return { placeholder: secretPlaceholder(name) };
  }

  /** The user's value, else the default; an empty string counts as not given (an untouched field). */
  private chosen(key: string, input: RegistryInput): { text: string; fromUser: boolean } | undefined {
    const given = hasOwn(this.values, key) ? this.values[key] : undefined;
    if (given !== undefined && given !== '') return { text: given, fromUser: true };
    return input.default === undefined ? undefined : { text: input.default, fromUser: false };
  }

  private check(key: string, input: RegistryInput, value: string): boolean {
    if (input.choices && input.choices.length > 0 && !input.choices.includes(value)) {
      this.addInvalid(`${key}: must be one of ${input.choices.join(', ')}`);
      return false;
    }
    if (input.format === 'number' && !/^-?\d+(\.\d+)?$/.test(value.trim())) {
      this.addInvalid(`${key}: must be a number`);
      return false;
    }
    if (input.format === 'boolean' && value !== 'true' && value !== 'false') {
      this.addInvalid(`${key}: must be true or false`);
      return false;
    }
    if (value.includes('\0')) {
      this.addInvalid(`${key}: must not contain NUL characters`);
      return false;
    }
    if (this.inHeader && /[\r\n]/.test(value)) {
      this.addInvalid(`${key}: a header value cannot contain line breaks`);
      return false;
    }
    return true;
  }

  /**
   * An input's pieces: its fixed `value` with `{variables}` filled in, or the user's value or the
   * default; secret text becomes a `${secret:…}` placeholder. With `raw` (an enclosing value is
   * the secret and goes to the store whole) secrets stay plain text. `undefined` when there is
   * nothing to put: optional and unset, or missing / invalid (recorded).
   */
  private pieces(key: string, input: RegistryInput & { variables?: Record<string, RegistryInput> | undefined }, raw: boolean): Piece[] | undefined {
    const secret = input.isSecret === true && !raw;
    if (input.value !== undefined) {
      const pieces = this.fillPieces(input.value, input.variables ?? {}, raw || secret);
      if (pieces === undefined || !secret) return pieces;
      const text = plainText(pieces);
      // A store cannot hold an empty secret (keychains refuse it); the user cannot change a fixed value.
      return text === '' ? undefined : [this.secret(key, text)];
    }
    const chosen = this.chosen(key, input);
    // An empty default of a secret is no value either.
    if (chosen === undefined || (secret && chosen.text === '')) {
      if (input.isRequired) this.addMissing(key);
      return undefined;
    }
    if (!this.check(key, input, chosen.text)) return undefined;
    if (secret) return [this.secret(key, chosen.text)];
    if (!raw && chosen.fromUser && this.allowPlaceholders) return [{ placeholder: chosen.text }];
    return [{ literal: chosen.text }];
  }

  private fillPieces(template: string, variables: Record<string, RegistryInput>, raw: boolean): Piece[] | undefined {
    let complete = true;
    const pieces: Piece[] = [];
    let last = 0;
    for (const match of template.matchAll(TEMPLATE_REFERENCE)) {
      const name = match[1] ?? '';
      const variable = Object.prototype.hasOwnProperty.call(variables, name) ? variables[name] : undefined;
      // Unknown `{names}` "should remain unchanged" (openapi.yaml, Input.value): they stay in the text.
      if (variable === undefined) continue;
      pieces.push({ literal: template.slice(last, match.index) });
      last = match.index + match[0].length;
      const value = this.pieces(name, variable, raw);
      if (value === undefined) {
        if (variable.isRequired) complete = false;
        continue;
      }
      pieces.push(...value);
    }
    pieces.push({ literal: template.slice(last) });
    return complete ? pieces : undefined;
  }

  /** An input's text for the config, or `undefined` (see pieces). */
  text(key: string, input: RegistryInput & { variables?: Record<string, RegistryInput> | undefined }): string | undefined {
    const pieces = this.pieces(key, input, false);
    return pieces === undefined ? undefined : this.render(key, pieces);
  }

  /** A template (a remote's URL) with its variables filled in, for the config. */
  template(key: string, template: string, variables: Record<string, RegistryInput>): string | undefined {
    const pieces = this.fillPieces(template, variables, false);
    return pieces === undefined ? undefined : this.render(key, pieces);
  }

  private render(key: string, pieces: Piece[]): string | undefined {
    let out = '';
    let run = '';
    for (const piece of pieces) {
      if ('literal' in piece) {
        run += piece.literal;
        continue;
      }
      // `$` + `${secret:…}` reads as the escape `$${`: the placeholder would become text.
      if (run.endsWith('$')) {
        this.addInvalid(`${key}: a "$" right before a placeholder cannot be written in the config`);
        return undefined;
      }
      out += escapePlaceholders(run) + piece.placeholder;
      run = '';
    }
    return out + escapePlaceholders(run);
  }

  arguments(list: readonly RegistryArgument[] | undefined): string[] {
    const args: string[] = [];
    (list ?? []).forEach((argument, index) => {
      if (argument.type === 'positional') {
        const value = this.text(positionalKey(argument, index), argument);
        if (value !== undefined) args.push(value);
      } else if (argument.type === 'named') {
        if (argument.name === undefined || argument.name === '') {
          this.notices.push(`a named argument without a name was left out`);
          return;
        }
        if (isConstantFlag(argument)) {
          args.push(escapePlaceholders(argument.name));
          return;
        }
        const value = this.text(argument.name, argument);
        if (value !== undefined) args.push(escapePlaceholders(argument.name), value);
      } else {
        this.notices.push(`argument of unknown type "${argument.type}" was left out`);
      }
    });
    return args;
  }

  keyValues(list: readonly RegistryKeyValueInput[] | undefined, kind: 'environment' | 'header'): Record<string, string> {
    const result: Record<string, string> = {};
    for (const input of list ?? []) {
      const validName = kind === 'header' ? HEADER_NAME.test(input.name) : ENV_NAME.test(input.name);
      if (!validName) {
        this.notices.push(`${kind} "${input.name}" has a name that cannot be used and was left out`);
        continue;
      }
      this.inHeader = kind === 'header';
      const value = this.text(input.name, input);
      this.inHeader = false;
      if (value === undefined) continue;
      if (kind === 'header' && /[\r\n]/.test(value)) {
        this.addInvalid(`${input.name}: a header value cannot contain line breaks`);
        continue;
      }
      result[input.name] = value;
    }
    return result;
  }
}

function imageReference(pkg: RegistryPackage): string {
  // The last path segment carries the tag (`name:tag`) or digest (`name@sha256:…`); a registry
  // host's port (`host:5000/name`) is in an earlier segment.
  const last = pkg.identifier.split('/').pop() ?? '';
  if (last.includes(':') || last.includes('@') || pkg.version === undefined) return pkg.identifier;
  return `${pkg.identifier}:${pkg.version}`;
}

/** `<identifier><separator><version>`, or the identifier alone when the entry gives no version. */
function packageSpec(pkg: RegistryPackage, separator: string): string {
  return pkg.version ? `${pkg.identifier}${separator}${pkg.version}` : pkg.identifier;
}

function fromPackage(pkg: RegistryPackage, builder: Builder): InstallConfig | null {
  const transport = pkg.transport?.type ?? 'stdio';
  if (transport !== 'stdio') {
    builder.notices.push(
      `this package runs its own ${transport} server${pkg.transport?.url ? ` at ${pkg.transport.url}` : ''}; ` +
        `the hub starts stdio packages only: choose a stdio package or a remote, or start it yourself and add its URL`,
    );
    return null;
  }
  const runtimeArgs = builder.arguments(pkg.runtimeArguments);
  const env = builder.keyValues(pkg.environmentVariables, 'environment');
  const packageArgs = builder.arguments(pkg.packageArguments);
  const envPart = Object.keys(env).length > 0 ? { env } : {};
  switch (pkg.registryType) {
    case 'npm':
      return { command: 'npx', args: ['-y', ...runtimeArgs, escapePlaceholders(packageSpec(pkg, '@')), ...packageArgs], ...envPart };
    case 'pypi':
      return { command: 'uvx', args: [...runtimeArgs, escapePlaceholders(packageSpec(pkg, '==')), ...packageArgs], ...envPart };
    case 'oci': {
      const passEnv = Object.keys(env).flatMap((name) => ['-e', escapePlaceholders(name)]);
      return {
        command: 'docker',
        args: ['run', '-i', '--rm', ...runtimeArgs, ...passEnv, escapePlaceholders(imageReference(pkg)), ...packageArgs],
        ...envPart,
      };
    }
    case 'nuget':
      return {
        command: 'dnx',
        args: [...runtimeArgs, escapePlaceholders(packageSpec(pkg, '@')), '--yes', ...(packageArgs.length > 0 ? ['--', ...packageArgs] : [])],
        ...envPart,
      };
    case 'mcpb':
      builder.notices.push('MCP bundles (mcpb) have to be downloaded and unpacked, which the hub does not do yet');
      return null;
    default:
      builder.notices.push(`packages of type "${pkg.registryType}" cannot be installed by the hub`);
      return null;
  }
}

function fromRemote(remote: RegistryRemote, builder: Builder): InstallConfig | null {
  if (remote.type !== 'streamable-http' && remote.type !== 'sse') {
    builder.notices.push(`remotes of type "${remote.type}" are not supported`);
    return null;
  }
  const url = builder.template('url', remote.url, remote.variables ?? {});
  const headers = builder.keyValues(remote.headers, 'header');
  if (url === undefined || url === '') return null;
  return { type: remote.type, url, ...(Object.keys(headers).length > 0 ? { headers } : {}) };
}

/** The package or remote a choice points at; by default the first package, else the first remote. */
function chosenTarget(
  entry: Installable,
  choice: InstallChoice,
): { package: RegistryPackage } | { remote: RegistryRemote } | { problem: string } {
  if (choice.remote !== undefined) {
    const remote = entry.remotes[choice.remote];
    return remote ? { remote } : { problem: `${entry.id} has no remote #${choice.remote}` };
  }
  if (choice.package !== undefined) {
    const pkg = entry.packages[choice.package];
    return pkg ? { package: pkg } : { problem: `${entry.id} has no package #${choice.package}` };
  }
  const first = entry.packages[0];
  if (first) return { package: first };
  const remote = entry.remotes[0];
  if (remote) return { remote };
  return { problem: `${entry.id} lists neither a package nor a remote` };
}

/**
 * The config for one package or remote of an entry, with `values` (keyed as installInputs lists
 * them) filled in and defaults used where no value is given.
 */
export function configFromEntry(
  entry: Installable,
  choice: InstallChoice,
  values: Record<string, string>,
  options: InstallOptions = {},
): InstallResult {
  const builder = new Builder(values, options.secretName ?? ((key) => `server:${entry.id}:${key}`), options.allowPlaceholders === true);
  const target = chosenTarget(entry, choice);
  let config: InstallConfig | null = null;
  if ('problem' in target) builder.notices.push(target.problem);
  else if ('package' in target) config = fromPackage(target.package, builder);
  else config = fromRemote(target.remote, builder);
  return {
    config,
    secrets: [...builder.secrets].map(([name, value]) => ({ name, value })),
    missing: builder.missing,
    invalid: builder.invalid,
    notices: builder.notices,
  };
}

function describeInput(key: string, kind: InstallInputKind, input: RegistryInput): InstallInput {
  return {
    key,
    kind,
    isRequired: input.isRequired === true,
    isSecret: input.isSecret === true,
    format: input.format ?? 'string',
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.default !== undefined ? { default: input.default } : {}),
    ...(input.placeholder !== undefined ? { placeholder: input.placeholder } : {}),
    ...(input.choices !== undefined ? { choices: input.choices } : {}),
  };
}

/** The values an install dialog should ask for, in command-line order; fixed values are not listed. */
export function installInputs(entry: Installable, choice: InstallChoice): InstallInput[] {
  const target = chosenTarget(entry, choice);
  const inputs: InstallInput[] = [];
  const seen = new Set<string>();
  const add = (key: string, kind: InstallInputKind, input: RegistryInput & { variables?: Record<string, RegistryInput> | undefined }) => {
    if (input.value !== undefined) {
      // A fixed value is not asked for, but the variables it refers to are.
      const referenced = new Set([...input.value.matchAll(TEMPLATE_REFERENCE)].map((match) => match[1] ?? ''));
      for (const [name, variable] of Object.entries(input.variables ?? {})) {
        // The whole value of a secret input goes to the store, so its parts are asked for as secrets.
        if (referenced.has(name)) add(name, 'variable', input.isSecret ? { ...variable, isSecret: true } : variable);
      }
      return;
    }
    if (seen.has(key)) return;
    seen.add(key);
    inputs.push(describeInput(key, kind, input));
  };
  const addArguments = (list: readonly RegistryArgument[] | undefined) =>
    (list ?? []).forEach((argument, index) => {
      if (argument.type === 'positional') add(positionalKey(argument, index), 'argument', argument);
      else if (argument.type === 'named' && argument.name && !isConstantFlag(argument)) add(argument.name, 'argument', argument);
    });
  if ('package' in target) {
    addArguments(target.package.runtimeArguments);
    for (const variable of target.package.environmentVariables ?? []) add(variable.name, 'environment', variable);
    addArguments(target.package.packageArguments);
  } else if ('remote' in target) {
    add('', 'variable', { value: target.remote.url, variables: target.remote.variables });
    for (const header of target.remote.headers ?? []) add(header.name, 'header', header);
  }
  return inputs;
}
