import { EmptyState } from '../components/States.js';

export function ConfigPage(_props: Record<string, unknown>) {
  return <EmptyState title="ConfigPage: not built yet" />;
}
