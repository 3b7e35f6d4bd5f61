import type { RegistryArgument, RegistryInput, RegistryPackage, RegistryRemote } from '../../../shared/registry-schema.js';
import { isConstantFlag, positionalKey } from './install-arguments.js';
import { fromPackage, fromRemote, type InstallConfig } from './install-config.js';
import { InstallBuilder, TEMPLATE_REFERENCE, type TemplatedInput } from './install-values.js';

/**
 * From a registry entry to an mcp-hub server config. Pure: no I/O, never throws on an entry that
 * passed the registry schema (fuzzed in install-fuzz.test.ts). How each package type runs is in
 * install-config.ts, its arguments, environment and headers in install-arguments.ts, and the
 * values (secrets kept out of the config, registry text kept literal) in install-values.ts.
 */

export interface InstallChoice {
  /** Index into `entry.packages`. */
  package?: number;
  /** Index into `entry.remotes`. */
  remote?: number;
}

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
  const builder = new InstallBuilder(values, options.secretName ?? ((key) => `server:${entry.id}:${key}`), options.allowPlaceholders === true);
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
  const add = (key: string, kind: InstallInputKind, input: TemplatedInput) => {
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
