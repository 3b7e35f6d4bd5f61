import { HubError } from '../../errors.js';
import type { Hub } from '../../hub.js';
import type { OperationContext } from '../context.js';
import type { OperationHandlers } from '../service.js';

type ProjectHandlers = Pick<OperationHandlers, 'getProject' | 'trustProject'>;

function requireProject(hub: Hub) {
  if (!hub.project) throw new HubError('NO_PROJECT', 'This hub was started without --workspace: it has no project folder to trust');
  return hub.project;
}

/** The `--workspace` project folder: what it holds, and the user's trust in it as it is. */
export function projectHandlers({ hub }: OperationContext): ProjectHandlers {
  return {
    getProject: async () => ({ project: hub.project ? hub.project.report(hub.config) : null }),
    trustProject: async ({ hash }) => {
      const project = requireProject(hub);
      await project.trust(hash);
      // Applied now, not at the next --watch event: the project's servers start (a file changed
      // since keeps them untrusted, because the trust names the files as they were shown).
      await hub.reloadConfig();
      return { status: 'ok', project: project.report(hub.config) };
    },
  };
}
