import type { InstallOption, MarketplaceEntry } from '../../../../shared/marketplace.js';

/** `npm`, `pypi`, `oci`… and `remote`, as the list's package type filter names them. */
export function packageTypes(entry: MarketplaceEntry): string[] {
  const types = new Set(entry.packages.map((pkg) => pkg.registryType));
  if (entry.remotes.length > 0) types.add('remote');
  return [...types];
}

/** What an install option installs, in a line: `npm @scope/server 1.2.0` or the remote's URL. */
export function optionLabel(entry: MarketplaceEntry, option: InstallOption): string {
  if (option.kind === 'remote') {
    const remote = entry.remotes[option.index];
    return `${option.transport} remote ${remote?.url ?? ''}`.trim();
  }
  const pkg = entry.packages[option.index];
  if (!pkg) return `package ${option.index + 1}`;
  return `${pkg.registryType} ${pkg.identifier}${pkg.version ? ` ${pkg.version}` : ''}`;
}

/**
 * A server name for an entry that no configured server has yet: the last part of its registry
 * name without the usual `server-` / `mcp-` decorations (`io.github.x/mcp-server-git` → `git`).
 */
export function suggestServerName(id: string, taken: readonly string[]): string {
  const base =
    (id.split('/').pop() ?? id)
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^(mcp-)?server-|-mcp(-server)?$|^mcp-/g, '')
      .replace(/^-+|-+$/g, '') || 'server';
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) {
    if (!taken.includes(`${base}-${n}`)) return `${base}-${n}`;
  }
}

export function formatDate(iso: string | null): string | undefined {
  if (iso === null) return undefined;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : new Date(time).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatAge(ms: number | null): string {
  if (ms === null) return '';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'less than a minute ago';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}
