import type { ProfileInfo } from '../../../../shared/profiles.js';
import { estimateTokens } from '../../../../shared/tokens.js';
import { ProfileView } from '../../catalog/profile-view.js';
import type { ProfileDefinition } from '../../config/types.js';
import { HubError } from '../../errors.js';
import type { Hub } from '../../hub.js';
import type { OperationContext } from '../context.js';
import type { OperationHandlers } from '../service.js';
import { knownFile } from './config.js';

type ProfileHandlers = Pick<OperationHandlers, 'listProfiles' | 'saveProfile' | 'previewProfile' | 'removeProfile'>;

/** What a profile's view gives its clients. */
function sizeOf(view: ProfileView | undefined): Pick<ProfileInfo, 'servers' | 'listedTools' | 'availableTools' | 'estimatedTokens'> {
  const listed = view?.tools() ?? [];
  return {
    servers: view?.servers.map((server) => server.name) ?? [],
    listedTools: listed.length,
    availableTools: view?.availableTools().length ?? 0,
    estimatedTokens: estimateTokens(listed),
  };
}

/** Profiles: parts of the hub's servers and tools, each its own endpoint, kept in the config files. */
export function profileHandlers({ hub, endpoint }: OperationContext): ProfileHandlers {
  const infoOf = (definition: ProfileDefinition): ProfileInfo => ({
    name: definition.name,
    source: definition.source,
    config: definition.config ?? null,
    problem: definition.problem ?? null,
    url: new URL(`/profiles/${encodeURIComponent(definition.name)}/mcp`, endpoint().url).href,
    ...sizeOf(hub.catalog.profileView(definition.name)),
  });

  return {
    listProfiles: async () => ({ profiles: (hub.config?.profiles ?? []).map(infoOf) }),

    saveProfile: async ({ name, profile, config_file }) => {
      const existing = requireProfile(hub, name, false);
      const file = existing && config_file === undefined ? existing.source : knownFile(hub, config_file);
      await hub.editConfig((editor) => editor.editFile(file, [{ kind: 'setProfile', name, profile }]));
      return { status: 'ok', profile: infoOf(requireProfile(hub, name, true)!) };
    },

    // A view of its own, never an endpoint's: nothing is kept and no client is told anything.
    previewProfile: async ({ profile }) => sizeOf(new ProfileView(hub.catalog, profile)),

    removeProfile: async ({ name }) => {
      const existing = requireProfile(hub, name, true)!;
      await hub.editConfig((editor) => editor.editFile(existing.source, [{ kind: 'setProfile', name, profile: undefined }]));
      return { status: 'ok' };
    },
  };
}

function requireProfile(hub: Hub, name: string, required: boolean): ProfileDefinition | undefined {
  const found = hub.config?.profiles.find((profile) => profile.name === name);
  if (!found && required) throw new HubError('PROFILE_NOT_FOUND', `There is no profile '${name}' in the hub's config files`, { profile: name });
  return found;
}
