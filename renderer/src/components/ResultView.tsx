import type { ReactNode } from 'react';
import { JsonView } from './JsonView.js';
import './ResultView.css';
import { isRecord } from '../../../shared/is-record.js';

/** What one run (a tool call, a resource read, a prompt get) came back with, timed in the window. */
export type RunOutcome =
  | { ok: true; result: Record<string, unknown>; durationMs: number; finishedAt: number }
  | { ok: false; error: string; code: string | undefined; durationMs: number; finishedAt: number };

type Json = Record<string, unknown>;


function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(2)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

function base64Bytes(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((data.length * 3) / 4) - padding);
}

function formatBytes(bytes: number): string {
  if (bytes < 1_024) return `${bytes} bytes`;
  if (bytes < 1_048_576) return `${(bytes / 1_024).toFixed(1)} KiB`;
  return `${(bytes / 1_048_576).toFixed(1)} MiB`;
}

/** Only base64 of an image type becomes a data URL: anything else would be markup in an <img>. */
function imageSource(mimeType: string | undefined, data: string | undefined): string | undefined {
  if (!mimeType || !data || !/^image\/[\w.+-]+$/.test(mimeType) || !/^[A-Za-z0-9+/=\s]+$/.test(data)) return undefined;
  return `data:${mimeType};base64,${data.replace(/\s/g, '')}`;
}

/** JSON text (what most tools return) as a tree; anything else as it is. */
function TextBody({ value, mimeType }: { value: string; mimeType?: string | undefined }) {
  const trimmed = value.trim();
  if (mimeType === 'application/json' || /^[[{]/.test(trimmed)) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (typeof parsed === 'object' && parsed !== null) return <JsonView value={parsed} label="JSON text" />;
    } catch {
      // Not JSON after all: shown as text.
    }
  }
  return <pre className="result-text">{value}</pre>;
}

/** A blob that says it is text (some servers send text as base64), decoded as UTF-8. */
function decodedText(mimeType: string | undefined, data: string): string | undefined {
  if (!mimeType || !/^text\/|[/+](json|xml|yaml|javascript)\b/.test(mimeType)) return undefined;
  try {
    const bytes = Uint8Array.from(atob(data.replace(/\s/g, '')), (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function Binary({ mimeType, data }: { mimeType: string | undefined; data: string }) {
  const src = imageSource(mimeType, data);
  if (src) return <img className="result-image" src={src} alt={`Image (${mimeType})`} />;
  const decoded = decodedText(mimeType, data);
  if (decoded !== undefined) return <TextBody value={decoded} mimeType={mimeType} />;
  return (
    <p className="muted">
      Binary data, {formatBytes(base64Bytes(data))}
      {mimeType ? ` (${mimeType})` : ''}
    </p>
  );
}

/** A resource's contents: in a read result, or embedded in a tool result or a prompt message. */
function ResourceContents({ contents }: { contents: Json }) {
  const uri = text(contents['uri']);
  const mimeType = text(contents['mimeType']);
  const body = text(contents['text']);
  const blob = text(contents['blob']);
  return (
    <div className="result-resource">
      <div className="result-block-head">
        <span className="badge">resource</span> <code>{uri ?? '(no uri)'}</code>
        {mimeType && <span className="muted"> · {mimeType}</span>}
      </div>
      {body !== undefined ? <TextBody value={body} mimeType={mimeType} /> : blob !== undefined ? <Binary mimeType={mimeType} data={blob} /> : <JsonView value={contents} />}
    </div>
  );
}

function ContentBlock({ block, resourceHref }: { block: unknown; resourceHref: ((uri: string) => string) | undefined }) {
  if (!isRecord(block)) return <JsonView value={block} label="Content" />;
  switch (block['type']) {
    case 'text':
      return <TextBody value={text(block['text']) ?? ''} />;
    case 'image':
      return <Binary mimeType={text(block['mimeType'])} data={text(block['data']) ?? ''} />;
    case 'audio':
      return (
        <p className="muted">
          Audio, {formatBytes(base64Bytes(text(block['data']) ?? ''))} ({text(block['mimeType']) ?? 'unknown type'}): not playable here
        </p>
      );
    case 'resource':
      return isRecord(block['resource']) ? <ResourceContents contents={block['resource']} /> : <JsonView value={block} label="Content" />;
    case 'resource_link': {
      const uri = text(block['uri']) ?? '';
      const name = text(block['title']) ?? text(block['name']) ?? uri;
      const description = text(block['description']);
      const mimeType = text(block['mimeType']);
      return (
        <div className="result-resource">
          <div className="result-block-head">
            <span className="badge">resource link</span> <strong>{name}</strong>
            {mimeType && <span className="muted"> · {mimeType}</span>}
          </div>
          <code className="result-uri">{uri}</code>
          {description && <p className="muted">{description}</p>}
          {resourceHref && uri && <a href={resourceHref(uri)}>Read this resource</a>}
        </div>
      );
    }
    default:
      return <JsonView value={block} label="Content" />;
  }
}

function Blocks({ blocks, resourceHref }: { blocks: unknown[]; resourceHref: ((uri: string) => string) | undefined }) {
  if (blocks.length === 0) return <p className="muted">No content.</p>;
  return (
    <ol className="result-blocks">
      {blocks.map((block, index) => (
        <li key={index}>
          <ContentBlock block={block} resourceHref={resourceHref} />
        </li>
      ))}
    </ol>
  );
}

function Body({ result, resourceHref }: { result: Json; resourceHref: ((uri: string) => string) | undefined }) {
  const parts: ReactNode[] = [];
  const description = text(result['description']);
  if (description) parts.push(<p key="description">{description}</p>);
  if (Array.isArray(result['content'])) parts.push(<Blocks key="content" blocks={result['content']} resourceHref={resourceHref} />);
  if (result['structuredContent'] !== undefined) {
    parts.push(
      <section key="structured" className="result-section">
        <h4>Structured content</h4>
        <JsonView value={result['structuredContent']} label="Structured content" />
      </section>,
    );
  }
  if (Array.isArray(result['contents'])) {
    parts.push(
      <ol key="contents" className="result-blocks">
        {result['contents'].map((contents, index) => (
          <li key={index}>{isRecord(contents) ? <ResourceContents contents={contents} /> : <JsonView value={contents} />}</li>
        ))}
      </ol>,
    );
  }
  if (Array.isArray(result['messages'])) {
    parts.push(
      <ol key="messages" className="result-blocks">
        {result['messages'].map((message, index) => (
          <li key={index} className="result-message">
            <div className="result-role">{isRecord(message) ? (text(message['role']) ?? 'message') : 'message'}</div>
            {isRecord(message) ? <ContentBlock block={message['content']} resourceHref={resourceHref} /> : <JsonView value={message} />}
          </li>
        ))}
      </ol>,
    );
  }
  if (parts.length === 0) parts.push(<JsonView key="raw" value={result} label="Result" />);
  return <>{parts}</>;
}

/**
 * The outcome of a run as a person reads it: text, JSON as a tree, images, embedded resources and
 * links to them; a result the tool marked `isError` and a failed call both clearly marked.
 */
export function ResultView({ outcome, running, resourceHref }: { outcome: RunOutcome; running?: boolean; resourceHref?: (uri: string) => string }) {
  const isError = !outcome.ok || outcome.result['isError'] === true;
  return (
    <section className={`result ${isError ? 'result-error' : ''}`} aria-label="Result" aria-busy={running ?? false}>
      <header className="result-head">
        <h3>{!outcome.ok ? 'Failed' : isError ? 'Error result' : 'Result'}</h3>
        <span className="result-duration">Took {formatDuration(outcome.durationMs)}</span>
        <time className="muted" dateTime={new Date(outcome.finishedAt).toISOString()}>
          at {new Date(outcome.finishedAt).toLocaleTimeString()}
        </time>
        {running && <span className="muted">(running again…)</span>}
      </header>
      {!outcome.ok ? (
        <div className="banner banner-error" role="alert">
          <span>
            {outcome.error}
            {outcome.code && <span className="muted"> ({outcome.code})</span>}
          </span>
        </div>
      ) : (
        <>
          {isError && (
            <div className="banner banner-error" role="alert">
              The server marked this result as an error (isError).
            </div>
          )}
          <Body result={outcome.result} resourceHref={resourceHref} />
          <details className="result-raw">
            <summary>Raw result</summary>
            <JsonView value={outcome.result} label="Raw result" openDepth={4} />
          </details>
        </>
      )}
    </section>
  );
}
