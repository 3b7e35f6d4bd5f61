import { useEffect, useState } from 'react';
import { useAppStores, useConnection } from '../app/stores.js';

/**
 * A config file the hub could not apply, on every page until it is fixed: the hub keeps running
 * on the last good config (or, at start, none), which is otherwise easy to miss.
 */
export function ConfigErrorBanner() {
  const { client } = useAppStores();
  const connection = useConnection((state) => state.state);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (connection !== 'open') return;
    client.invoke('health', {}).then(
      (health) => setError(health.configError),
      () => undefined,
    );
  }, [client, connection]);
  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.type === 'config_changed') setError(event.data.error ?? null);
      }),
    [client],
  );
  if (!error) return null;
  return (
    <div className="banner banner-error config-error-banner" role="alert">
      <span>
        A config file has an error; the hub runs on the last config it could read. <code>{error}</code>
      </span>
      <a href="#/config">Fix it</a>
    </div>
  );
}
