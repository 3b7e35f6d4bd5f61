import { LogView } from '../../components/LogView.js';
import { ErrorBanner, Loading } from '../../components/States.js';
import { useServerLog } from './useServerLog.js';

/** The server's live log: its stderr, its MCP log messages and what the hub did with it. */
export function LogTab({ server }: { server: string }) {
  const log = useServerLog(server);
  if (log.phase === 'loading') return <Loading what="the log" />;
  if (log.phase === 'error') return <ErrorBanner message={`Could not read the log: ${log.error ?? ''}`} onRetry={log.retry} />;
  return (
    <>
      {log.error && <ErrorBanner message={`The log may be missing lines: ${log.error}`} onRetry={log.retry} />}
      <LogView entries={log.entries} label={`Log of ${server}`} />
    </>
  );
}
