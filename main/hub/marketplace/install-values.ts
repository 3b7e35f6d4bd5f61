import type { RegistryInput } from '../../../shared/registry-schema.js';

/**
 * The values of an install: the user's, else the registry's defaults, checked against what the
 * entry declares, and turned into config text.
 *
 * A fixed `value` may refer to its `variables` as `{name}`; unknown `{names}` stay as they are
 * (openapi.yaml, `Input.value`). Secret inputs (`isSecret`) never reach the config: it gets
 * `${secret:<account>}` and the value is returned for the SecretStore. Every other text is
 * written literally (`${` as `$${`), because the hub expands placeholders, including
 * `${cmd: …}`, in the config when a server starts.
 */

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

/**
 * `{name}` references in a fixed value, as the schema's `variables` describe them. A `$` right
 * before one is taken as part of it: publishers used to shell syntax write `${name}`.
 */
export const TEMPLATE_REFERENCE = /\$?\{([^{}\s]+)\}/g;

/** An input that may have a fixed value made of variables (arguments, environment variables, headers). */
export type TemplatedInput = RegistryInput & { variables?: Record<string, RegistryInput> | undefined };

/** Placeholder names come from registry keys; braces would end the placeholder early. */
function safeSecretName(name: string): string {
  return name.replace(/[^A-Za-z0-9._/:-]/g, '_');
}

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

/** Builds the texts of one install's config, and collects what the install reports besides. */
export class InstallBuilder {
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

  addInvalid(text: string): void {
    if (!this.invalid.includes(text)) this.invalid.push(text);
  }

  /** An input's text for the config, or `undefined` (see pieces). */
  text(key: string, input: TemplatedInput): string | undefined {
    const pieces = this.pieces(key, input, false);
    return pieces === undefined ? undefined : this.render(key, pieces);
  }

  /** As `text`, for a header: a value with a line break is invalid. */
  headerText(key: string, input: TemplatedInput): string | undefined {
    this.inHeader = true;
    const value = this.text(key, input);
    this.inHeader = false;
    return value;
  }

  /** A template (a remote's URL) with its variables filled in, for the config. */
  template(key: string, template: string, variables: Record<string, RegistryInput>): string | undefined {
    const pieces = this.fillPieces(template, variables, false);
    return pieces === undefined ? undefined : this.render(key, pieces);
  }

  private addMissing(key: string): void {
    if (!this.missing.includes(key)) this.missing.push(key);
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
  private pieces(key: string, input: TemplatedInput, raw: boolean): Piece[] | undefined {
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
}
