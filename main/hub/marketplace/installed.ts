import type { InstalledServer } from '../../../shared/marketplace.js';
import type { RegistryPackage } from '../../../shared/registry-schema.js';
import type { MarketplaceEntry } from './entry.js';

/**
 * Which marketplace entries the config already runs, read back from the server entries
 * themselves rather than from a record kept at install time: the command line an install writes
 * (`npx -y pkg@1.2.0`, `uvx pkg==1.2.0`, `docker run … image:tag`, `dnx pkg@1.2.0`) or the URL
 * names the package and its version. So a server added by hand counts as well, a rename or an edit
 * needs no bookkeeping, and config files hold nothing but the servers (other tools read them too).
 */

/** A server entry of the config, as written (placeholders unresolved). */
export interface ConfiguredServer {
  name: string;
  entry: Record<string, unknown>;
}

/** The package registry each runner command installs from. */
const RUNNERS: Record<string, string> = {
  npx: 'npm',
  bunx: 'npm',
  pnpx: 'npm',
  uvx: 'pypi',
  docker: 'oci',
  podman: 'oci',
  dnx: 'nuget',
};

/** A version as semver writes it; ranges, tags and digests do not pin one. */
const EXACT_VERSION = /^v?(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

interface Reference {
  name: string;
  /** `null` when the reference names no version, or a moving one (`latest`). */
  version: string | null;
}

interface ServerIndex {
  /** `<registryType>:<normalised name>` → the servers whose command line names that package. */
  packages: Map<string, { server: string; version: string | null }[]>;
  urls: { server: string; url: string }[];
}

function commandName(command: string): string {
  return (command.split(/[\\/]/).pop() ?? '').toLowerCase().replace(/\.(exe|cmd|bat|ps1)$/, '');
}

/** Names as each registry compares them: npm and NuGet ignore case, PyPI also `-`/`_`/`.` (PEP 503), Docker Hub its default prefixes. */
function packageKey(registryType: string, name: string): string {
  const lower = name.toLowerCase();
  switch (registryType) {
    case 'pypi':
      return `pypi:${lower.replace(/[-_.]+/g, '-')}`;
    case 'oci':
      return `oci:${lower.replace(/^(?:index\.)?docker\.io\//, '').replace(/^library\//, '')}`;
    default:
      return `${registryType}:${lower}`;
  }
}

function pinned(version: string | undefined | null): string | null {
  return version === undefined || version === null || version === '' || version === 'latest' ? null : version;
}

/** A package reference as the runner of `registryType` takes it on its command line. */
export function parseReference(registryType: string, text: string): Reference | undefined {
  switch (registryType) {
    case 'npm':
    case 'nuget': {
      // A scoped npm name starts with `@`; the version follows the next one.
      const at = text.indexOf('@', text.startsWith('@') ? 1 : 0);
      return at === -1 ? { name: text, version: null } : { name: text.slice(0, at), version: pinned(text.slice(at + 1)) };
    }
    case 'pypi': {
      const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?(?:(?:==|@)(.+))?$/.exec(text);
      return match?.[1] ? { name: match[1], version: pinned(match[2]) } : undefined;
    }
    case 'oci': {
      const digest = text.indexOf('@');
      if (digest !== -1) return { name: text.slice(0, digest), version: text.slice(digest + 1) };
      // The tag follows the last colon of the last path segment (an earlier one is a registry port).
      const colon = text.lastIndexOf(':');
      return colon > text.lastIndexOf('/') ? { name: text.slice(0, colon), version: pinned(text.slice(colon + 1)) } : { name: text, version: null };
    }
    default:
      return undefined;
  }
}

/** The package an entry publishes, with the version its install pins. */
function entryReference(pkg: RegistryPackage): Reference | undefined {
  if (pkg.registryType === 'oci') {
    const reference = parseReference('oci', pkg.identifier);
    return reference && { name: reference.name, version: reference.version ?? pinned(pkg.version) };
  }
  return { name: pkg.identifier, version: pinned(pkg.version) };
}

function indexServers(servers: readonly ConfiguredServer[]): ServerIndex {
  const index: ServerIndex = { packages: new Map(), urls: [] };
  for (const { name, entry: written } of servers) {
    if (typeof written['url'] === 'string') index.urls.push({ server: name, url: written['url'] });
    const command = written['command'];
    const registryType = typeof command === 'string' ? RUNNERS[commandName(command)] : undefined;
    const args = written['args'];
    if (registryType === undefined || !Array.isArray(args)) continue;
    // Every operand is a candidate: which one is the package depends on the runner's options
    // (`docker run -e X image`), and a stray match needs an entry named like an option value.
    for (const arg of args) {
      if (typeof arg !== 'string' || arg.startsWith('-')) continue;
      const reference = parseReference(registryType, arg);
      if (!reference) continue;
      const key = packageKey(registryType, reference.name);
      const list = index.packages.get(key) ?? [];
      if (!list.some((ref) => ref.server === name)) list.push({ server: name, version: reference.version });
      index.packages.set(key, list);
    }
  }
  return index;
}

/** A remote's URL template as a pattern: `{variables}` match any one part of a URL. */
function urlPattern(template: string): RegExp {
  const escaped = template.replace(/\/+$/, '').replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\{[^{}]*\}/g, '[^/?#]+')}/?$`, 'i');
}

function compareIdentifiers(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * Whether `latest` is a newer version than `installed`. Only exact versions are compared: a range,
 * a tag or a digest follows whatever it names.
 */
export function isNewer(latest: string | null, installed: string | null): boolean {
  if (latest === null || installed === null || latest === installed) return false;
  const a = EXACT_VERSION.exec(latest);
  const b = EXACT_VERSION.exec(installed);
  if (!a?.[1] || !b?.[1]) return false;
  const pa = a[1].split('.').map(Number);
  const pb = b[1].split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff > 0;
  }
  // Same release: a pre-release comes before it (semver §11).
  if (a[2] === undefined) return b[2] !== undefined;
  if (b[2] === undefined) return false;
  return compareIdentifiers(a[2], b[2]) > 0;
}

function installedFor(entry: MarketplaceEntry, index: ServerIndex): InstalledServer[] {
  const found = new Map<string, InstalledServer>();
  for (const pkg of entry.packages) {
    const reference = entryReference(pkg);
    if (!reference) continue;
    for (const match of index.packages.get(packageKey(pkg.registryType, reference.name)) ?? []) {
      if (found.has(match.server)) continue;
      found.set(match.server, {
        server: match.server,
        version: match.version,
        latestVersion: reference.version,
        updateAvailable: isNewer(reference.version, match.version),
      });
    }
  }
  if (index.urls.length > 0) {
    for (const remote of entry.remotes) {
      const pattern = urlPattern(remote.url);
      for (const { server, url } of index.urls) {
        if (!found.has(server) && pattern.test(url)) found.set(server, { server, version: null, latestVersion: null, updateAvailable: false });
      }
    }
  }
  return [...found.values()];
}

/** The entries with `installed` set on those the configured servers run (copies; the cached entries stay as they are). */
export function markInstalled(entries: MarketplaceEntry[], servers: readonly ConfiguredServer[]): MarketplaceEntry[] {
  const index = indexServers(servers);
  if (index.packages.size === 0 && index.urls.length === 0) return entries;
  return entries.map((entry) => {
    const installed = installedFor(entry, index);
    return installed.length > 0 ? { ...entry, installed } : entry;
  });
}
