import { EmptyState } from '../components/States.js';

export function ServerPage(_props: Record<string, unknown>) {
  return <EmptyState title="ServerPage: not built yet" />;
}
