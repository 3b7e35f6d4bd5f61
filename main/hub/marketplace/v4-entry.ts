import type { MarketplaceEntry } from '../../../shared/marketplace.js';
import { configFromEntry, installInputs, type InstallChoice } from './install.js';

/**
 * A marketplace entry in mcp-hub v4's registry shape (ravitemer/mcp-registry, reference §6), for
 * v4 clients: mcphub.nvim lists `id`, `name`, `description`, `author`, `url`, `category`, `tags`,
 * `featured`, `stars`, sorts by `lastCommit` (a number) and installs by writing an
 * `installations[].config` (a JSON string) with its `${KEY}` placeholders to its config file.
 */
export interface V4MarketplaceEntry {
  id: string;
  name: string;
  description: string;
  author: string;
  url: string;
  category: string;
  tags: string[];
  transports: string[];
  installations: V4Installation[];
  featured: boolean;
  verified: boolean;
  stars: number;
  /** Seconds since 1970 of the registry's last update of the entry (v4: of the repository's last commit). */
  lastCommit: number;
  updatedAt: number;
}

export interface V4Installation {
  name: string;
  description?: string;
  config: string;
  parameters: V4Parameter[];
  transports: string[];
}

export interface V4Parameter {
  name: string;
  key: string;
  description?: string;
  placeholder?: string;
  required: boolean;
}

/** v4's registry has categories everywhere; the official one has none unless a publisher adds it. */
const NO_CATEGORY = 'uncategorized';

function seconds(iso: string | null): number {
  const ms = iso === null ? NaN : Date.parse(iso);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : 0;
}

/**
 * One installation per package and remote the hub can run. Every value to fill in is a `${KEY}`
 * placeholder, which mcp-hub (and this hub) resolve from the environment when nobody replaced it.
 */
function installation(entry: MarketplaceEntry, choice: InstallChoice, name: string): V4Installation | undefined {
  // What has a default keeps it; everything else is left for the user to fill in.
  const inputs = installInputs(entry, choice).filter((input) => input.default === undefined);
  const values = Object.fromEntries(inputs.map((input) => [input.key, `\${${input.key}}`]));
  // No value is typed here, so nothing goes to the secret store: secret inputs are placeholders too.
  const result = configFromEntry(withoutSecrets(entry), choice, values, { allowPlaceholders: true });
  if (!result.config) return undefined;
  const config = JSON.stringify(result.config);
  return {
    name,
    config,
    parameters: inputs.map((input) => ({
      name: input.key,
      key: input.key,
      ...(input.description !== undefined && { description: input.description }),
      ...(input.placeholder !== undefined && { placeholder: input.placeholder }),
      required: input.isRequired,
    })),
    transports: 'url' in result.config ? [result.config.type] : ['stdio'],
  };
}

/** The entry with every input marked not secret (a copy; `isSecret` is the only field changed). */
function withoutSecrets(entry: MarketplaceEntry): MarketplaceEntry {
  return JSON.parse(JSON.stringify(entry), (key, value: unknown) => (key === 'isSecret' ? false : value)) as MarketplaceEntry;
}

export function v4MarketplaceEntry(entry: MarketplaceEntry): V4MarketplaceEntry {
  const installations = [
    ...entry.packages.map((pkg, index) => installation(entry, { package: index }, `${pkg.registryType} ${pkg.identifier}`)),
    ...entry.remotes.map((remote, index) => installation(entry, { remote: index }, `${remote.type} ${remote.url}`)),
  ].filter((item): item is V4Installation => item !== undefined);
  return {
    id: entry.id,
    name: entry.name,
    description: entry.description,
    author: entry.author,
    url: entry.url,
    category: entry.category ?? NO_CATEGORY,
    tags: entry.tags,
    transports: entry.transports,
    installations,
    featured: false,
    verified: false,
    stars: 0,
    lastCommit: seconds(entry.updatedAt ?? entry.publishedAt),
    updatedAt: seconds(entry.updatedAt),
  };
}
