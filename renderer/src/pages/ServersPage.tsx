import { EmptyState } from '../components/States.js';

export function ServersPage(_props: Record<string, unknown>) {
  return <EmptyState title="ServersPage: not built yet" />;
}
