const compiled = new Map<string, RegExp>();

/**
 * Whether a name matches one of the glob patterns: `*` stands for any run of characters (`/`
 * included: resource URIs are names too), `?` for one, `\` makes the next character literal,
 * everything else stands for itself.
 */
export function matchesAny(patterns: readonly string[], name: string): boolean {
  return patterns.some((pattern) => regexOf(pattern).test(name));
}

/** The pattern that matches exactly this name and nothing else. */
export function literalPattern(name: string): string {
  return name.replace(/[*?\\]/g, '\\$&');
}

function regexOf(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    let source = '';
    for (let i = 0; i < pattern.length; i++) {
      const char = pattern[i]!;
      if (char === '\\' && i + 1 < pattern.length) source += escapeRegex(pattern[++i]!);
      else if (char === '*') source += '.*';
      else if (char === '?') source += '.';
      else source += escapeRegex(char);
    }
    regex = new RegExp(`^${source}$`, 's');
    compiled.set(pattern, regex);
  }
  return regex;
}

function escapeRegex(char: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}
