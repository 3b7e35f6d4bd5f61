import { EmptyState } from '../components/States.js';

export function ConnectPage(_props: Record<string, unknown>) {
  return <EmptyState title="ConnectPage: not built yet" />;
}
