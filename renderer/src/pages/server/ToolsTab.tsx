import type { HiddenItem, McpObject, ServerInfo } from '../../../../shared/status.js';
import { JsonView } from '../../components/JsonView.js';
import { EmptyList, Explorer, str, tabHref, useListFilter } from './common.js';
import { inputSchemaOf, ToolRunner } from './ToolRunner.js';
import { ToolSwitch } from './ToolSwitch.js';
import type { RunnerMemory } from './useRunner.js';

/** MCP's tool annotations, as words; a hint the server leaves out says nothing. */
function Hints({ tool }: { tool: McpObject }) {
  const annotations = tool['annotations'];
  if (typeof annotations !== 'object' || annotations === null) return null;
  const hints = annotations as Record<string, unknown>;
  const words = [
    hints['readOnlyHint'] === true && 'read-only',
    hints['destructiveHint'] === true && hints['readOnlyHint'] !== true && 'destructive',
    hints['idempotentHint'] === true && 'idempotent',
    hints['openWorldHint'] === true && 'open world',
  ].filter((word): word is string => typeof word === 'string');
  return (
    <>
      {words.map((word) => (
        <span key={word} className={`badge hint ${word === 'destructive' ? 'hint-destructive' : ''}`}>
          {word}
        </span>
      ))}
    </>
  );
}

function ToolCard({ server, tool, selected }: { server: string; tool: McpObject; selected: boolean }) {
  const name = str(tool, 'name') ?? '';
  const title = str(tool, 'title');
  const description = str(tool, 'description');
  return (
    <li className={`item-card ${selected ? 'item-selected' : ''}`} aria-current={selected ? 'true' : undefined} aria-labelledby={`tool-${name}`}>
      <div className="item-head">
        <h3 id={`tool-${name}`}>
          <code>{name}</code>
        </h3>
        {title && title !== name && <span className="muted">{title}</span>}
        <Hints tool={tool} />
        <ToolSwitch server={server} tool={name} enabled />
      </div>
      <a className="button item-action" href={tabHref(server, 'tools', name)} aria-label={`Run ${name}`}>
        Run
      </a>
      {description && <p className="item-description">{description}</p>}
      <details className="item-schema">
        <summary>Input schema</summary>
        <JsonView value={inputSchemaOf(tool)} label={`Input schema of ${name}`} openDepth={3} />
      </details>
    </li>
  );
}

/** Tools the server offers that clients do not see because of its entry's switches; held tools are under "Changed tools". */
function HiddenTools({ server, hidden }: { server: string; hidden: HiddenItem[] }) {
  if (hidden.length === 0) return null;
  return (
    <section aria-labelledby="hidden-tools-title">
      <h3 className="list-title" id="hidden-tools-title">
        Hidden from clients <span className="count">{hidden.length}</span>
      </h3>
      <ul className="item-list" aria-label="Hidden tools">
        {hidden.map((item) => (
          <li key={item.name} className="item-card item-hidden" aria-labelledby={`hidden-tool-${item.name}`}>
            <div className="item-head">
              <h3 id={`hidden-tool-${item.name}`}>
                <code>{item.name}</code>
              </h3>
              <ToolSwitch server={server} tool={item.name} enabled={false} />
            </div>
            <p className="item-description">{item.reason}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ToolsTab({ server, item, memory }: { server: ServerInfo; item: string | undefined; memory: RunnerMemory }) {
  const tools = server.capabilities.tools;
  const hidden = server.hidden.filter((entry) => entry.kind === 'tool' && !entry.held);
  const [matching, filter] = useListFilter(tools, (tool) => `${str(tool, 'name') ?? ''} ${str(tool, 'title') ?? ''} ${str(tool, 'description') ?? ''}`);
  const open = item === undefined ? undefined : tools.find((tool) => str(tool, 'name') === item);
  if (tools.length === 0 && hidden.length === 0 && item === undefined) return <EmptyList server={server} what="tools" />;

  const panel =
    item === undefined ? null : open ? (
      <ToolRunner key={item} server={server.name} tool={open} memory={memory} />
    ) : (
      <section className="runner card" aria-label="Tool not found">
        <p>
          {server.name} offers no tool <code>{item}</code>
          {server.status !== 'connected' ? ` while it is ${server.status === 'disconnected' ? 'stopped' : server.status}` : ''}.
        </p>
        <a href={tabHref(server.name, 'tools')}>Back to the tools</a>
      </section>
    );

  return (
    <Explorer
      panel={panel}
      list={
        <>
          {filter}
          <ul className="item-list" aria-label="Tools">
            {matching.map((tool) => (
              <ToolCard key={str(tool, 'name')} server={server.name} tool={tool} selected={str(tool, 'name') === item} />
            ))}
          </ul>
          {matching.length === 0 && tools.length > 0 && <p className="muted">No tool matches.</p>}
          <HiddenTools server={server.name} hidden={hidden} />
        </>
      }
    />
  );
}
