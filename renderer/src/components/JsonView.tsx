import { useState } from 'react';
import './JsonView.css';

/** Children shown per object or array before a "show more" button: a huge result must not freeze the window. */
const PAGE = 200;

function Primitive({ value }: { value: unknown }) {
  if (value === null) return <span className="json-null">null</span>;
  switch (typeof value) {
    case 'string':
      return <span className="json-string">{JSON.stringify(value)}</span>;
    case 'number':
      return <span className="json-number">{String(value)}</span>;
    case 'boolean':
      return <span className="json-boolean">{String(value)}</span>;
    default:
      return <span className="json-null">{String(value)}</span>;
  }
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

function Node({ name, value, depth, openDepth }: { name: string | undefined; value: unknown; depth: number; openDepth: number }) {
  const [shown, setShown] = useState(PAGE);
  const key = name === undefined ? null : <span className="json-key">{name}: </span>;
  if (!isContainer(value)) {
    return (
      <div className="json-line">
        {key}
        <Primitive value={value} />
      </div>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) {
    return (
      <div className="json-line">
        {key}
        <span className="json-punct">{open + close}</span>
      </div>
    );
  }
  const count = Array.isArray(value) ? `${entries.length} item${entries.length === 1 ? '' : 's'}` : `${entries.length} key${entries.length === 1 ? '' : 's'}`;
  return (
    <details className="json-node" open={depth < openDepth}>
      <summary>
        {key}
        <span className="json-punct">{open}</span>
        <span className="json-count"> {count} </span>
        <span className="json-punct json-close-collapsed">{close}</span>
      </summary>
      <div className="json-children">
        {entries.slice(0, shown).map(([childName, child]) => (
          <Node key={childName} name={Array.isArray(value) ? undefined : childName} value={child} depth={depth + 1} openDepth={openDepth} />
        ))}
        {entries.length > shown && (
          <button type="button" className="json-more" onClick={() => setShown((n) => n + PAGE)}>
            Show {Math.min(PAGE, entries.length - shown)} more of {entries.length - shown}
          </button>
        )}
      </div>
      <span className="json-punct">{close}</span>
    </details>
  );
}

/** JSON as a collapsible tree, with a button to copy it as text. */
export function JsonView({ value, label = 'JSON', openDepth = 2 }: { value: unknown; label?: string; openDepth?: number }) {
  const [copied, setCopied] = useState<'copied' | 'failed' | undefined>();
  const copy = () => {
    navigator.clipboard.writeText(JSON.stringify(value, null, 2)).then(
      () => setCopied('copied'),
      () => setCopied('failed'),
    );
  };
  return (
    <div className="json-view" role="group" aria-label={label}>
      <button type="button" className="json-copy" onClick={copy} aria-label={`Copy ${label}`}>
        {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy'}
      </button>
      <div className="json-tree mono">
        <Node name={undefined} value={value} depth={0} openDepth={openDepth} />
      </div>
    </div>
  );
}
