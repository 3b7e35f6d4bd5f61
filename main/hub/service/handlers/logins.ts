import { HubError, validationError } from '../../errors.js';
import type { UpstreamServer } from '../../upstream/upstream-server.js';
import type { OperationContext } from '../context.js';
import type { OperationHandlers } from '../service.js';
import { errorMessage } from '../../../../shared/errors.js';

type LoginHandlers = Pick<OperationHandlers, 'authorizeServer' | 'logoutServer' | 'completeLogin'>;

/** OAuth logins to remote servers: starting one, completing one from its callback, logging out. */
export function loginHandlers({ hub, openUrl, logger }: OperationContext): LoginHandlers {
  const log = logger.child({ component: 'oauth' });
  const requireRemote = (name: string): UpstreamServer => {
    const server = hub.requireServer(name);
    if (server.transportType === 'stdio') {
      throw new HubError('SERVER_NOT_REMOTE', `Server '${name}' is a local (stdio) server; only remote servers log in`, { server: name });
    }
    return server;
  };

  return {
    /**
     * A fresh authorization URL for a server that is `unauthorized`, opened in the browser when
     * the hub can, and returned either way.
     */
    authorizeServer: async ({ server_name }) => {
      const server = requireRemote(server_name);
      if (server.status !== 'unauthorized') {
        throw new HubError('SERVER_NOT_UNAUTHORIZED', `Server '${server_name}' does not need a login (status: ${server.status})`, {
          server: server_name,
          status: server.status,
        });
      }
      const provider = server.oauth;
      if (!provider) {
        throw new HubError('OAUTH_NOT_USED', `Server '${server_name}' refused its configured headers; it does not use an OAuth login`, { server: server_name });
      }
      let authorizationUrl: string;
      try {
        authorizationUrl = await provider.beginLogin();
      } catch (error) {
        throw new HubError('OAUTH_UNAVAILABLE', `Cannot log in to '${server_name}': ${provider.problem ?? errorMessage(error)}`, { server: server_name });
      }
      if (openUrl) {
        await openUrl(authorizationUrl).catch((error: unknown) => log.warn({ server: server_name, err: errorMessage(error) }, 'could not open the browser to log in'));
      } else {
        log.info({ server: server_name, url: authorizationUrl }, 'open this URL in a browser to log in');
      }
      return { authorizationUrl };
    },

    /**
     * Completes a login from the address its callback ended on (the browser's redirect, or the
     * address a user pasted), then reconnects the server afresh. Anything but a login this hub is
     * waiting for is a LoginError, and stores nothing.
     */
    completeLogin: async ({ url }) => {
      let params: URLSearchParams;
      try {
        params = new URL(url).searchParams;
      } catch {
        throw validationError('url must be the whole address the browser ended on, starting with http', { url });
      }
      const provider = await hub.logins.complete(params);
      const server = hub.requireServer(provider.serverName);
      // Afresh: an attempt begun before the tokens were stored may still be running, and fail.
      if (server.status !== 'disabled' && server.status !== 'connected') await server.restart();
      hub.events.emit('servers_updated', { changes: { modified: [server.name] } });
      const info = hub.serverInfo(server.name);
      const tools = info.capabilities.tools.length;
      const message =
        info.status === 'connected'
          ? `MCP Hub is connected to '${server.name}' (${tools} tool${tools === 1 ? '' : 's'}).`
          : `The login is stored, but '${server.name}' is not connected (${info.status}${info.error ? `: ${info.error}` : ''}).`;
      return { status: 'ok', message, server_name: server.name };
    },

    /**
     * Revokes the server's tokens where the authorization server supports it (RFC 7009) and
     * deletes them; the server then reconnects, and asks for a new login.
     */
    logoutServer: async ({ server_name }) => {
      const server = requireRemote(server_name);
      const provider = await server.resolveOAuth().catch((error: unknown) => {
        throw new HubError('CONFIG_INVALID', `Server '${server_name}' cannot be resolved: ${errorMessage(error)}`, { server: server_name });
      });
      if (!provider) throw new HubError('OAUTH_NOT_USED', `Server '${server_name}' authenticates with its configured headers, not an OAuth login`, { server: server_name });
      const running = server.status !== 'disabled';
      // No request may go out with tokens that are being revoked.
      if (running) await server.stop();
      const { revoked } = await provider.logout();
      if (running) await server.start();
      hub.events.emit('servers_updated', { changes: { modified: [server_name] } });
      return { status: 'ok', server: hub.serverInfo(server_name), revoked };
    },
  };
}
