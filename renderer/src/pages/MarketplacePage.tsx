import { EmptyState } from '../components/States.js';

export function MarketplacePage(_props: Record<string, unknown>) {
  return <EmptyState title="MarketplacePage: not built yet" />;
}
