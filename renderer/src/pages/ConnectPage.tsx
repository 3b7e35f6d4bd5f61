import { useCallback, useEffect, useMemo, useState } from 'react';
import { defaultBridge, profileEndpoint, type StdioBridge } from '../../../shared/clients.js';
import { clientSnippets, type ClientSnippet } from '../../../shared/client-snippets.js';
import { useConnection, useHub } from '../app/stores.js';
import { CodeBlock, CopyButton } from '../components/CopyButton.js';
import { ErrorBanner, Loading } from '../components/States.js';
import { Tabs } from '../components/Tabs.js';
import { apiToken } from '../hub/client.js';
import { ClientsSection } from './clients/ClientsSection.js';
import { CliCommandSection } from './clients/CliCommandSection.js';
import './ConnectPage.css';
import { errorMessage } from '../../../shared/errors.js';

/** Stands in for the token in the snippets until the person asks for the real one. */
const TOKEN_PLACEHOLDER = '<API token>';
const BRIDGE_TAB = 'stdio-bridge';

type Endpoint = { phase: 'loading' } | { phase: 'error'; error: string } | { phase: 'ready'; url: string; bridge: StdioBridge };

interface BridgeEntry {
  /** The hub's name in a client's list of servers. */
  name: string;
  entry: { command: string; args: string[]; env?: Record<string, string> };
}

/**
 * The `mcp-hub stdio` bridge, for any client that only starts stdio servers. Read from Claude
 * Desktop's snippet (which is that bridge, under the hub's name), so the two can never disagree.
 */
function bridgeOf(snippets: readonly ClientSnippet[]): BridgeEntry | undefined {
  const desktop = snippets.find((snippet) => snippet.id === 'claude-desktop');
  if (!desktop) return undefined;
  try {
    const parsed = JSON.parse(desktop.text) as { mcpServers?: Record<string, BridgeEntry['entry']> };
    const [first] = Object.entries(parsed.mcpServers ?? {});
    return first && { name: first[0], entry: first[1] };
  } catch {
    return undefined;
  }
}

function EndpointRow({ label, url, hint, copyLabel }: { label: string; url: string; hint: string; copyLabel: string }) {
  return (
    <div className="endpoint">
      <div className="endpoint-label">{label}</div>
      <div className="endpoint-value">
        <code className="endpoint-url">{url}</code>
        <CopyButton text={url} label={copyLabel} />
      </div>
      <div className="muted endpoint-hint">{hint}</div>
    </div>
  );
}

/** Where MCP clients connect, and the exact text each one needs. */
export function ConnectPage() {
  const client = useHub();
  const connection = useConnection((state) => state.state);
  const [endpoint, setEndpoint] = useState<Endpoint>({ phase: 'loading' });
  const [selected, setSelected] = useState<string>('claude-code');
  const [useBrowserUrl, setUseBrowserUrl] = useState(false);
  const [includeToken, setIncludeToken] = useState(false);
  const [profile, setProfile] = useState('');
  const [profiles, setProfiles] = useState<string[]>([]);
  // Inside the desktop app the window talks over IPC: no token of its own to offer.
  const token = window.hub ? undefined : apiToken();
  const browserUrl = /^https?:$/.test(window.location.protocol) ? `${window.location.origin}/mcp` : undefined;

  const load = useCallback(async () => {
    try {
      const health = await client.invoke('health', {});
      setEndpoint({ phase: 'ready', url: health.mcpEndpoint.url, bridge: health.mcpEndpoint.stdioBridge });
      // Profiles are a choice on top of the endpoint: without them the page still works.
      const listed = await client.invoke('listProfiles', {}).catch(() => ({ profiles: [] }));
      setProfiles(listed.profiles.filter((p) => p.problem === null).map((p) => p.name));
    } catch (error) {
      setEndpoint({ phase: 'error', error: errorMessage(error) });
    }
  }, [client]);

  useEffect(() => {
    // Again whenever the event stream (re)opens: the hub may have been restarted on another port.
    if (connection === 'open') void load();
  }, [load, connection]);
  useEffect(() => {
    void load();
  }, [load]);

  const hubUrl = endpoint.phase === 'ready' ? endpoint.url : undefined;
  const otherBrowserUrl = browserUrl && hubUrl && browserUrl !== hubUrl ? browserUrl : undefined;
  const baseUrl = useBrowserUrl && otherBrowserUrl ? otherBrowserUrl : hubUrl;
  const chosenProfile = profiles.includes(profile) ? profile : '';
  const snippets = useMemo(
    () => {
      if (!baseUrl) return [];
      // The hub knows how this installation runs its bridge; for another address, the default one.
      const known = endpoint.phase === 'ready' && baseUrl === endpoint.url ? endpoint.bridge : undefined;
      const target = chosenProfile ? profileEndpoint({ url: baseUrl, bridge: known ?? defaultBridge(baseUrl) }, chosenProfile) : { url: baseUrl, bridge: known };
      return clientSnippets(target.url, { apiToken: token ? (includeToken ? token : TOKEN_PLACEHOLDER) : undefined, bridge: target.bridge });
    },
    [baseUrl, chosenProfile, token, includeToken, endpoint],
  );
  const profileUrl = hubUrl && chosenProfile ? profileEndpoint({ url: hubUrl, bridge: defaultBridge(hubUrl) }, chosenProfile).url : undefined;
  const bridge = bridgeOf(snippets);
  const tabs = [...snippets.map((snippet) => ({ id: snippet.id as string, label: snippet.label })), ...(bridge ? [{ id: BRIDGE_TAB, label: 'Other stdio clients' }] : [])];
  const current = snippets.find((snippet) => snippet.id === selected);

  return (
    <div className="connect-page">
      <h1>Connect a client</h1>
      <p className="muted">Every MCP client connects to the hub once, at one endpoint, and sees the tools, resources and prompts of all your servers.</p>
      {endpoint.phase === 'loading' && <Loading what="the endpoint" />}
      {endpoint.phase === 'error' && <ErrorBanner message={`Could not ask the hub for its endpoint: ${endpoint.error}`} onRetry={() => void load()} />}
      {hubUrl && (
        <>
          <section className="card endpoints" aria-labelledby="endpoint-title">
            <h2 id="endpoint-title">MCP endpoint</h2>
            <EndpointRow
              label="Endpoint URL"
              url={hubUrl}
              copyLabel="Copy the endpoint URL"
              hint="Streamable HTTP (and the older SSE transport) for clients on this machine."
            />
            {profiles.length > 0 && (
              <label className="profile-choice">
                What the client sees{' '}
                <select value={chosenProfile} onChange={(e) => setProfile(e.target.value)} aria-label="Profile">
                  <option value="">Every server and tool (/mcp)</option>
                  {profiles.map((name) => (
                    <option key={name} value={name}>
                      Profile {name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {profileUrl && <EndpointRow label={`Endpoint URL of profile ${chosenProfile}`} url={profileUrl} copyLabel="Copy the profile endpoint URL" hint="Only the servers and tools of this profile (edit it on the Profiles page)." />}
            {otherBrowserUrl && (
              <>
                <EndpointRow
                  label="Endpoint URL as this browser reaches it"
                  url={otherBrowserUrl}
                  copyLabel="Copy the endpoint URL as this browser reaches it"
                  hint="For clients that reach the hub the way this browser does."
                />
                <label className="checkbox">
                  <input type="checkbox" checked={useBrowserUrl} onChange={(e) => setUseBrowserUrl(e.target.checked)} />
                  Use this address in the snippets below
                </label>
              </>
            )}
            {token && (
              <div className="token-choice">
                <p>This hub requires an API token; clients send it as a Bearer token.</p>
                <label className="checkbox">
                  <input type="checkbox" checked={includeToken} onChange={(e) => setIncludeToken(e.target.checked)} />
                  Put the real token in the snippets (otherwise they say <code>{TOKEN_PLACEHOLDER}</code>)
                </label>
              </div>
            )}
          </section>

          <section className="card snippets" aria-labelledby="snippets-title">
            <h2 id="snippets-title">Client configuration</h2>
            <Tabs label="Client" tabs={tabs} selected={tabs.some((tab) => tab.id === selected) ? selected : (tabs[0]?.id ?? '')} onSelect={setSelected}>
              {current && (
                <div className="snippet">
                  <p>
                    {current.language === 'shell' ? 'Run in ' : 'Add to '}
                    <strong>{current.where}</strong>
                    {current.language === 'json' ? ' (merge it with the servers already there):' : ':'}
                  </p>
                  <CodeBlock key={current.id} text={current.text} label={`${current.label} configuration`} copyLabel={`Copy the ${current.label} snippet`} />
                </div>
              )}
              {selected === BRIDGE_TAB && bridge && (
                <div className="snippet">
                  <p>
                    A client that can only start stdio servers runs the hub’s stdio bridge as its server. It relays to this hub (and starts one if none is running)
                    {bridge.entry.command === 'mcp-hub' ? (
                      <>
                        ; it needs <code>mcp-hub</code> on the PATH.
                      </>
                    ) : (
                      '.'
                    )}
                  </p>
                  <CodeBlock
                    text={[...Object.entries(bridge.entry.env ?? {}).map(([name, value]) => `${name}=${value}`), bridge.entry.command, ...bridge.entry.args].join(' ')}
                    label="Bridge command line"
                    copyLabel="Copy the bridge command line"
                  />
                  <p>As a server entry, in the client’s own JSON config:</p>
                  <CodeBlock text={JSON.stringify({ [bridge.name]: bridge.entry }, null, 2)} label="Bridge server entry" copyLabel="Copy the bridge server entry" />
                </div>
              )}
            </Tabs>
          </section>

          <section className="snippets" aria-labelledby="clients-title">
            <h2 id="clients-title">Your MCP clients</h2>
            <p className="muted">
              The clients found on this machine: import the servers they already have into the hub, and let the hub add its own entry to their config
              (after a backup, with undo).
            </p>
            <ClientsSection profile={chosenProfile || undefined} />
          </section>

          <section className="snippets" aria-labelledby="cli-title">
            <h2 id="cli-title">Command line</h2>
            <CliCommandSection />
          </section>
        </>
      )}
    </div>
  );
}
