import type { InstallOption, MarketplaceVersion, RuntimeCheck } from '../../../shared/marketplace.js';
import type { MarketplaceEntry } from './entry.js';
import { configFromEntry, installInputs, type InstallChoice } from './install.js';
import { markInstalled, type ConfiguredServer } from './installed.js';
import type { Marketplace } from './marketplace.js';
import { checkRuntime, requiredRuntime, type Runtime } from './runtime.js';

/**
 * `POST /api/marketplace/details`: the entry, plus what an install dialog needs to ask before it
 * installs (inputs, the runtime on this machine, what the hub cannot run) and the versions the
 * registry publishes.
 */

/** The registry client's own timeouts and retries are made for background refreshes; a person is waiting here. */
const VERSIONS_TIMEOUT_MS = 5_000;

export interface DetailsOptions {
  checkRuntime?: (runtime: Runtime) => Promise<RuntimeCheck>;
}

function option(entry: MarketplaceEntry, choice: InstallChoice, kind: InstallOption['kind'], index: number, transport: string) {
  const result = configFromEntry(entry, choice, {});
  const runtime = result.config ? requiredRuntime(result.config) : undefined;
  return {
    option: {
      kind,
      index,
      transport,
      inputs: installInputs(entry, choice),
      // A required value left empty also leaves no config; only notices say the hub cannot run it.
      unsupported: result.config === null && result.notices.length > 0 ? result.notices.join('; ') : null,
    },
    runtime,
  };
}

/** Each package and remote of the entry, with what it needs. */
export async function installOptions(entry: MarketplaceEntry, options: DetailsOptions = {}): Promise<InstallOption[]> {
  const check = options.checkRuntime ?? ((runtime: Runtime) => checkRuntime(runtime));
  const described = [
    ...entry.packages.map((pkg, index) => option(entry, { package: index }, 'package', index, pkg.transport?.type ?? 'stdio')),
    ...entry.remotes.map((remote, index) => option(entry, { remote: index }, 'remote', index, remote.type)),
  ];
  const checks = new Map<Runtime, Promise<RuntimeCheck>>();
  return Promise.all(
    described.map(async ({ option: described, runtime }) => {
      if (runtime === undefined) return { ...described, runtime: null };
      if (!checks.has(runtime)) checks.set(runtime, check(runtime));
      return { ...described, runtime: await checks.get(runtime)! };
    }),
  );
}

async function versions(marketplace: Marketplace, id: string): Promise<MarketplaceVersion[] | null> {
  try {
    const list = await marketplace.versions(id, { signal: AbortSignal.timeout(VERSIONS_TIMEOUT_MS) });
    return (
      list?.map((entry) => ({ version: entry.version, publishedAt: entry.publishedAt, isLatest: entry.isLatest, status: entry.status })) ??
      null
    );
  } catch {
    // Offline, or an entry of the bundled snapshot: the details are still worth showing.
    return null;
  }
}

export async function entryDetails(
  marketplace: Marketplace,
  entry: MarketplaceEntry,
  servers: readonly ConfiguredServer[],
  options: DetailsOptions = {},
) {
  const [marked] = markInstalled([entry], servers);
  const [published, install] = await Promise.all([versions(marketplace, entry.id), installOptions(entry, options)]);
  return { server: marked ?? entry, readmeContent: null, versions: published, install };
}
