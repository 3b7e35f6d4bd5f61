import { useState, type FormEvent } from 'react';
import { routeHref, useRoute, type Route } from './app/router.js';
import { useConnection, useServers } from './app/stores.js';
import { useTheme, type ThemeChoice } from './app/theme.js';
import { ConfigErrorBanner } from './components/ConfigErrorBanner.js';
import { saveApiToken } from './hub/client.js';
import { ConfigPage } from './pages/ConfigPage.js';
import { ConnectPage } from './pages/ConnectPage.js';
import { EventsPage } from './pages/EventsPage.js';
import { MarketplacePage } from './pages/MarketplacePage.js';
import { ServerPage } from './pages/ServerPage.js';
import { ServersPage } from './pages/ServersPage.js';
import { ProfilesPage } from './pages/ProfilesPage.js';
import { heldToolCount } from './stores/servers.js';

const NAV: { route: Route; label: string }[] = [
  { route: { page: 'servers' }, label: 'Servers' },
  { route: { page: 'profiles' }, label: 'Profiles' },
  { route: { page: 'config' }, label: 'Config' },
  { route: { page: 'events' }, label: 'Events' },
  { route: { page: 'marketplace' }, label: 'Marketplace' },
  { route: { page: 'connect' }, label: 'Connect a client' },
];

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'servers':
      return <ServersPage />;
    case 'server':
      return <ServerPage name={route.name} tab={route.tab} item={route.item} />;
    case 'config':
      return <ConfigPage />;
    case 'events':
      return <EventsPage />;
    case 'marketplace':
      return <MarketplacePage />;
    case 'connect':
      return <ConnectPage />;
    case 'profiles':
      return <ProfilesPage />;
  }
}

/** How many tools pinning holds back, on the Servers link, so a changed definition is seen from any page. */
function HeldBadge() {
  const held = useServers((s) => heldToolCount(s.servers));
  if (held === 0) return null;
  return (
    <span className="count count-held" title={`${held} changed tool${held === 1 ? '' : 's'} held back until you approve`} aria-label={`${held} held tool${held === 1 ? '' : 's'}`}>
      {held}
    </span>
  );
}

function ConnectionIndicator() {
  const state = useConnection((s) => s.state);
  const error = useConnection((s) => s.error);
  const label = state === 'open' ? 'Live' : state === 'reconnecting' ? 'Reconnecting…' : state === 'connecting' ? 'Connecting…' : 'Offline';
  return (
    <span className={`connection connection-${state}`} title={error ?? label} role="status">
      <span className="dot" aria-hidden="true" /> {label}
    </span>
  );
}

function TokenPrompt() {
  const [token, setToken] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    saveApiToken(token.trim());
    window.location.reload();
  };
  return (
    <form className="token-prompt card" onSubmit={submit}>
      <h2>This hub requires an API token</h2>
      <p>
        Enter the token the hub was started with (<code>--api-token</code> or <code>MCP_HUB_API_TOKEN</code>), or open
        the UI as <code>/#token=…</code>.
      </p>
      <label>
        API token <input type="password" value={token} onChange={(e) => setToken(e.target.value)} autoFocus />
      </label>
      <button type="submit" disabled={!token.trim()}>
        Connect
      </button>
    </form>
  );
}

function ThemeSwitch() {
  const [theme, setTheme] = useTheme();
  return (
    <label className="theme-switch">
      <span className="visually-hidden">Theme</span>
      <select value={theme} onChange={(e) => setTheme(e.target.value as ThemeChoice)} aria-label="Theme">
        <option value="system">System theme</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}

export function App() {
  const route = useRoute();
  const needsToken = useConnection((s) => s.needsToken);
  const current = route.page === 'server' ? 'servers' : route.page;
  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href={routeHref({ page: 'servers' })}>
          MCP Hub
        </a>
        <nav aria-label="Main">
          {NAV.map(({ route: target, label }) => (
            <a key={target.page} href={routeHref(target)} aria-current={current === target.page ? 'page' : undefined}>
              {label}
              {target.page === 'servers' && <HeldBadge />}
            </a>
          ))}
        </nav>
        <div className="topbar-end">
          <ConnectionIndicator />
          <ThemeSwitch />
        </div>
      </header>
      <main className="content">
        <ConfigErrorBanner />
        {needsToken ? <TokenPrompt /> : <Page route={route} />}
      </main>
    </div>
  );
}
