import { EmptyState } from '../components/States.js';

export function EventsPage(_props: Record<string, unknown>) {
  return <EmptyState title="EventsPage: not built yet" />;
}
