import { routeHref } from '../../app/router.js';
import type { EventRecord } from '../../stores/events.js';
import { absoluteTime, formatDuration, serverOf } from './describe.js';

function ServerLink({ name }: { name: string }) {
  return <a href={routeHref({ page: 'server', name, tab: undefined })}>{name}</a>;
}

/** The selected event: the fields that matter for its type, then all of it as JSON. */
export function EventDetail({ record }: { record: EventRecord | undefined }) {
  if (!record) {
    return (
      <section className="event-detail card" aria-label="Event details">
        <p className="muted">Select an event to see all of it. Arrow keys move through the list.</p>
      </section>
    );
  }
  const { event } = record;
  const server = serverOf(event);
  return (
    <section className="event-detail card" aria-label="Event details">
      <h2 className="mono">{event.type}</h2>
      <dl className="event-fields">
        <dt>Received</dt>
        <dd>
          <time dateTime={new Date(record.receivedAt).toISOString()}>
            {new Date(record.receivedAt).toLocaleDateString()} {absoluteTime(record.receivedAt)}
          </time>
        </dd>
        {event.type === 'tool_call' ? (
          <>
            <dt>Server</dt>
            <dd>
              <ServerLink name={event.data.server} />
            </dd>
            <dt>Tool</dt>
            <dd className="mono">{event.data.tool}</dd>
            <dt>Via</dt>
            <dd>{event.data.via === 'mcp' ? 'an MCP client on /mcp' : 'the REST API'}</dd>
            <dt>Duration</dt>
            <dd className="mono">{formatDuration(event.data.durationMs)}</dd>
            <dt>Result</dt>
            <dd>
              {event.data.ok ? (
                <span className="badge badge-connected">ok</span>
              ) : (
                <>
                  <span className="badge badge-error">error</span> {event.data.error}
                </>
              )}
            </dd>
          </>
        ) : (
          server && (
            <>
              <dt>Server</dt>
              <dd>
                <ServerLink name={server} />
              </dd>
            </>
          )
        )}
      </dl>
      <h3>Data</h3>
      <pre className="event-json" tabIndex={0} aria-label="Event data as JSON">
        {JSON.stringify(event.data, null, 2)}
      </pre>
    </section>
  );
}
