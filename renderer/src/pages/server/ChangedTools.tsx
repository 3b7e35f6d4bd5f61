import { useEffect, useMemo, useState } from 'react';
import type { OperationResult } from '../../../../shared/contract.js';
import { errorMessage } from '../../../../shared/errors.js';
import type { HiddenItem, ServerInfo } from '../../../../shared/status.js';
import { useAppStores } from '../../app/stores.js';
import { changedLines } from '../config/lineDiff.js';

type ToolChange = OperationResult<'getToolChange'>;

const FIELD_ORDER = ['name', 'title', 'description', 'inputSchema', 'outputSchema', 'annotations'];

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

/** A definition as lines a person compares: prose as written, schemas as sorted JSON, so only real differences differ. */
export function definitionText(definition: Record<string, unknown>): string {
  const keys = [...FIELD_ORDER.filter((key) => key in definition), ...Object.keys(definition).filter((key) => !FIELD_ORDER.includes(key)).sort()];
  return keys
    .map((key) => {
      const value = definition[key];
      return `${key}:\n${typeof value === 'string' ? value : JSON.stringify(sortKeys(value), null, 2)}`;
    })
    .join('\n\n');
}

function Pane({ title, text, marked }: { title: string; text: string; marked: number[] }) {
  const lines = text.split('\n');
  const set = new Set(marked);
  return (
    <div className="change-pane">
      <h4>{title}</h4>
      <pre aria-label={title}>
        {lines.map((line, index) => (
          <span key={index} className={set.has(index + 1) ? 'line line-changed' : 'line'} data-changed={set.has(index + 1) ? 'true' : undefined}>
            {line || ' '}
            {'\n'}
          </span>
        ))}
      </pre>
    </div>
  );
}

function Comparison({ change }: { change: ToolChange }) {
  const before = change.pinned ? definitionText(change.pinned) : '';
  const after = definitionText(change.offered);
  const diff = useMemo(() => changedLines(before, after), [before, after]);
  return (
    <div className="change-panes">
      {change.pinned ? (
        <Pane title="Approved before" text={before} marked={diff.mine} />
      ) : (
        <div className="change-pane">
          <h4>Approved before</h4>
          <p className="muted">
            {change.reason === 'new' ? 'Nothing: this tool is new, and this server holds new tools until you approve them.' : 'Only the hash of the approved definition is kept on this machine, not its text.'}
          </p>
        </div>
      )}
      <Pane title="Offered now" text={after} marked={change.pinned ? diff.theirs : []} />
    </div>
  );
}

function HeldToolCard({ server, item }: { server: string; item: HiddenItem }) {
  const { client, servers } = useAppStores();
  const [open, setOpen] = useState(true);
  const [change, setChange] = useState<ToolChange>();
  const [error, setError] = useState<string>();
  const [approving, setApproving] = useState(false);
  const offered = item.held?.offered;

  useEffect(() => {
    if (!open) return;
    let live = true;
    setError(undefined);
    client.invoke('getToolChange', { server_name: server, tool: item.name }).then(
      (result) => live && setChange(result),
      (caught: unknown) => live && setError(errorMessage(caught)),
    );
    return () => {
      live = false;
    };
  }, [client, server, item.name, offered, open]);

  const approve = async () => {
    setApproving(true);
    setError(undefined);
    try {
      await client.invoke('approveTools', { server_name: server, tools: [item.name] });
      await servers.getState().refresh(server);
    } catch (caught) {
      setError(errorMessage(caught));
      setApproving(false);
    }
  };

  return (
    <li className="held-tool card" aria-labelledby={`held-${item.name}`}>
      <div className="item-head">
        <h3 id={`held-${item.name}`}>
          <code>{item.name}</code>
        </h3>
        <span className="badge badge-held">{item.held?.reason === 'new' ? 'new' : 'changed'}</span>
        <span className="muted">{item.reason}</span>
      </div>
      {open ? (
        <>
          {error && (
            <p className="action-error" role="alert">
              {error}
            </p>
          )}
          {change ? <Comparison change={change} /> : !error && <p className="muted">Reading both definitions…</p>}
          <div className="server-action-buttons">
            <button type="button" className="primary" onClick={() => void approve()} disabled={approving} aria-busy={approving} aria-label={`Approve ${item.name}`}>
              {approving ? 'Approving…' : 'Approve'}
            </button>
            <button type="button" onClick={() => setOpen(false)} disabled={approving} aria-label={`Keep ${item.name} blocked`}>
              Keep blocked
            </button>
          </div>
        </>
      ) : (
        <p className="muted">
          Still blocked: clients do not see it.{' '}
          <button type="button" className="link" onClick={() => setOpen(true)} aria-label={`Compare ${item.name} again`}>
            Compare again
          </button>
        </p>
      )}
    </li>
  );
}

/**
 * Tools pinning holds back: the server now offers a definition other than the one approved (or a
 * new tool where its entry says to hold them). Clients see none of them until approved here.
 */
export function ChangedTools({ server }: { server: ServerInfo }) {
  const held = server.hidden.filter((item) => item.kind === 'tool' && item.held);
  if (held.length === 0) return null;
  return (
    <section className="changed-tools" aria-labelledby="changed-tools-title">
      <h2 id="changed-tools-title">
        Changed tools <span className="count count-held">{held.length}</span>
      </h2>
      <p className="muted">
        {server.name} offers {held.length === 1 ? 'a tool whose definition is' : 'tools whose definitions are'} not the one you approved. Clients do not see{' '}
        {held.length === 1 ? 'it' : 'them'} until you approve; a changed description can tell a model to do something else.
      </p>
      <ul className="item-list">
        {held.map((item) => (
          <HeldToolCard key={item.name} server={server.name} item={item} />
        ))}
      </ul>
    </section>
  );
}
