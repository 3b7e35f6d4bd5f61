import { useState } from 'react';
import { errorMessage } from '../../../../shared/errors.js';
import { useAppStores } from '../../app/stores.js';

/**
 * On: the tool is listed and callable for every client. The hub writes the choice into the
 * server's entry (tools.allow / tools.deny), so it survives restarts and shows in the config.
 */
export function ToolSwitch({ server, tool, enabled }: { server: string; tool: string; enabled: boolean }) {
  const { client, servers } = useAppStores();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const toggle = async () => {
    setPending(true);
    setError(undefined);
    try {
      await client.invoke('setToolEnabled', { server_name: server, tool, enabled: !enabled });
      await servers.getState().refresh(server);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  };
  return (
    <span className="tool-switch">
      <label title={enabled ? 'Clients see this tool; switch off to hide it from every client' : 'Hidden from clients; switch on to offer it again'}>
        <input type="checkbox" role="switch" checked={enabled} disabled={pending} aria-busy={pending} aria-label={`Offer ${tool} to clients`} onChange={() => void toggle()} />
        <span className="muted">{enabled ? 'On' : 'Off'}</span>
      </label>
      {error && (
        <span className="action-error" role="alert">
          Could not switch {tool} {enabled ? 'off' : 'on'}: {error}
        </span>
      )}
    </span>
  );
}
