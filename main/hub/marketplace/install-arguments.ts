import type { RegistryArgument, RegistryKeyValueInput } from '../../../shared/registry-schema.js';
import { escapePlaceholders, type InstallBuilder } from './install-values.js';

/**
 * A package's command-line arguments, environment variables and a remote's headers, from the
 * entry's declarations. Named arguments become `<name> <value>`; positional ones `<value>`.
 */

/** HTTP header names (RFC 9110 token); anything else makes fetch throw at connect time. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Environment names the hub's config schema accepts (shared/config.ts). */
const ENV_NAME = /^[^=\0]+$/;

/** Declares nothing to ask: a named argument like `--stdio` that is always passed as it is. */
export function isConstantFlag(argument: RegistryArgument): boolean {
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

export function positionalKey(argument: RegistryArgument, index: number): string {
  return argument.valueHint ?? `argument${index + 1}`;
}

export function commandArguments(builder: InstallBuilder, list: readonly RegistryArgument[] | undefined): string[] {
  const args: string[] = [];
  (list ?? []).forEach((argument, index) => {
    if (argument.type === 'positional') {
      const value = builder.text(positionalKey(argument, index), argument);
      if (value !== undefined) args.push(value);
    } else if (argument.type === 'named') {
      if (argument.name === undefined || argument.name === '') {
        builder.notices.push(`a named argument without a name was left out`);
        return;
      }
      if (isConstantFlag(argument)) {
        args.push(escapePlaceholders(argument.name));
        return;
      }
      const value = builder.text(argument.name, argument);
      if (value !== undefined) args.push(escapePlaceholders(argument.name), value);
    } else {
      builder.notices.push(`argument of unknown type "${argument.type}" was left out`);
    }
  });
  return args;
}

export function keyValues(
  builder: InstallBuilder,
  list: readonly RegistryKeyValueInput[] | undefined,
  kind: 'environment' | 'header',
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const input of list ?? []) {
    const validName = kind === 'header' ? HEADER_NAME.test(input.name) : ENV_NAME.test(input.name);
    if (!validName) {
      builder.notices.push(`${kind} "${input.name}" has a name that cannot be used and was left out`);
      continue;
    }
    const value = kind === 'header' ? builder.headerText(input.name, input) : builder.text(input.name, input);
    if (value === undefined) continue;
    if (kind === 'header' && /[\r\n]/.test(value)) {
      builder.addInvalid(`${input.name}: a header value cannot contain line breaks`);
      continue;
    }
    result[input.name] = value;
  }
  return result;
}
