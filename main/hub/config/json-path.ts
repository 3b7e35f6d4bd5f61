export type JsonPath = readonly (string | number)[];

// Hyphens are allowed because server names such as "brave-search" are common and read fine dotted.
const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** `['mcpServers', 'my server', 'args', 2]` → `mcpServers["my server"].args[2]`. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else {
      const key = String(segment);
      if (PLAIN_KEY.test(key)) out += out === '' ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}
