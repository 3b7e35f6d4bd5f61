/** The variables of an RFC 6570 URI template (`demo://{kind}/{id}` → kind, id). */
export function templateVariables(template: string): string[] {
  const names: string[] = [];
  for (const [, , list] of template.matchAll(/\{([+#./;?&]?)([^}]+)\}/g)) {
    for (const spec of list!.split(',')) {
      const name = spec.replace(/\*$/, '').replace(/:\d+$/, '').trim();
      if (name && !names.includes(name)) names.push(name);
    }
  }
  return names;
}

const encodeUnreserved = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const encodeReserved = (value: string) => encodeURI(value);

/** RFC 6570 level 3 expansion (what MCP resource templates use); values left empty are dropped. */
export function expandTemplate(template: string, values: Record<string, string | undefined>): string {
  return template.replace(/\{([+#./;?&]?)([^}]+)\}/g, (_match, operator: string, list: string) => {
    const defined = list
      .split(',')
      .map((spec) => spec.replace(/\*$/, '').replace(/:\d+$/, '').trim())
      .filter((name) => values[name] !== undefined && values[name] !== '')
      .map((name) => [name, values[name]!] as const);
    if (defined.length === 0) return '';
    const reserved = operator === '+' || operator === '#';
    const encode = reserved ? encodeReserved : encodeUnreserved;
    const named = operator === ';' || operator === '?' || operator === '&';
    const separator = { '': ',', '+': ',', '#': ',', '.': '.', '/': '/', ';': ';', '?': '&', '&': '&' }[operator] ?? ',';
    const first = { '': '', '+': '', '#': '#', '.': '.', '/': '/', ';': ';', '?': '?', '&': '&' }[operator] ?? '';
    const parts = defined.map(([name, value]) => (named ? (operator === ';' && value === '' ? name : `${name}=${encode(value)}`) : encode(value)));
    return first + parts.join(separator);
  });
}
