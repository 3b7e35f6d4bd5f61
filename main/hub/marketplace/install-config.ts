import type { RegistryPackage, RegistryRemote } from '../../../shared/registry-schema.js';
import { commandArguments, keyValues } from './install-arguments.js';
import { escapePlaceholders, type InstallBuilder } from './install-values.js';

/**
 * The server config entry for a package or a remote. How each package type runs follows
 * docs/reference/server-json/generic-server-json.md and the `Package` description in
 * docs/reference/api/openapi.yaml (modelcontextprotocol/registry), the same mapping VS Code's MCP
 * gallery applies:
 * - npm  → `npx -y [runtimeArguments] <identifier>@<version> [packageArguments]`
 * - pypi → `uvx [runtimeArguments] <identifier>==<version> [packageArguments]`
 * - oci  → `docker run -i --rm [runtimeArguments] [-e VAR …] <image>[:<version>] [packageArguments]`;
 *   since schema 2025-10-11 the tag is part of `identifier`, older entries give it as `version`.
 *   Environment values reach the container through `-e VAR` (name only) and the config's `env`, so
 *   they are never on the command line.
 * - nuget → `dnx <identifier>@<version> --yes [-- packageArguments]`
 * - remote → `{type, url, headers}` (streamable-http or sse).
 */

export interface StdioInstallConfig {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

export interface RemoteInstallConfig {
  type: 'streamable-http' | 'sse';
  url: string;
  headers?: Record<string, string>;
}

/** A server entry for an mcp-hub config file (`mcpServers.<name>`). */
export type InstallConfig = StdioInstallConfig | RemoteInstallConfig;

function imageReference(pkg: RegistryPackage): string {
  // The last path segment carries the tag (`name:tag`) or digest (`name@sha256:…`); a registry
  // host's port (`host:5000/name`) is in an earlier segment.
  const last = pkg.identifier.split('/').pop() ?? '';
  if (last.includes(':') || last.includes('@') || pkg.version === undefined) return pkg.identifier;
  return `${pkg.identifier}:${pkg.version}`;
}

/** `<identifier><separator><version>`, or the identifier alone when the entry gives no version. */
function packageSpec(pkg: RegistryPackage, separator: string): string {
  return pkg.version ? `${pkg.identifier}${separator}${pkg.version}` : pkg.identifier;
}

export function fromPackage(pkg: RegistryPackage, builder: InstallBuilder): InstallConfig | null {
  const transport = pkg.transport?.type ?? 'stdio';
  if (transport !== 'stdio') {
    builder.notices.push(
      `this package runs its own ${transport} server${pkg.transport?.url ? ` at ${pkg.transport.url}` : ''}; ` +
        `the hub starts stdio packages only: choose a stdio package or a remote, or start it yourself and add its URL`,
    );
    return null;
  }
  const runtimeArgs = commandArguments(builder, pkg.runtimeArguments);
  const env = keyValues(builder, pkg.environmentVariables, 'environment');
  const packageArgs = commandArguments(builder, pkg.packageArguments);
  const envPart = Object.keys(env).length > 0 ? { env } : {};
  switch (pkg.registryType) {
    case 'npm':
      return { command: 'npx', args: ['-y', ...runtimeArgs, escapePlaceholders(packageSpec(pkg, '@')), ...packageArgs], ...envPart };
    case 'pypi':
      return { command: 'uvx', args: [...runtimeArgs, escapePlaceholders(packageSpec(pkg, '==')), ...packageArgs], ...envPart };
    case 'oci': {
      const passEnv = Object.keys(env).flatMap((name) => ['-e', escapePlaceholders(name)]);
      return {
        command: 'docker',
        args: ['run', '-i', '--rm', ...runtimeArgs, ...passEnv, escapePlaceholders(imageReference(pkg)), ...packageArgs],
        ...envPart,
      };
    }
    case 'nuget':
      return {
        command: 'dnx',
        args: [...runtimeArgs, escapePlaceholders(packageSpec(pkg, '@')), '--yes', ...(packageArgs.length > 0 ? ['--', ...packageArgs] : [])],
        ...envPart,
      };
    case 'mcpb':
      builder.notices.push('MCP bundles (mcpb) have to be downloaded and unpacked, which the hub does not do yet');
      return null;
    default:
      builder.notices.push(`packages of type "${pkg.registryType}" cannot be installed by the hub`);
      return null;
  }
}

export function fromRemote(remote: RegistryRemote, builder: InstallBuilder): InstallConfig | null {
  if (remote.type !== 'streamable-http' && remote.type !== 'sse') {
    builder.notices.push(`remotes of type "${remote.type}" are not supported`);
    return null;
  }
  const url = builder.template('url', remote.url, remote.variables ?? {});
  const headers = keyValues(builder, remote.headers, 'header');
  if (url === undefined || url === '') return null;
  return { type: remote.type, url, ...(Object.keys(headers).length > 0 ? { headers } : {}) };
}
