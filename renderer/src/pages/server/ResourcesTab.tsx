import type { RJSFSchema } from '@rjsf/utils';
import { useState, type FormEvent } from 'react';
import type { McpObject, ServerInfo } from '../../../../shared/status.js';
import { navigate } from '../../app/router.js';
import { useHub } from '../../app/stores.js';
import { ResultView } from '../../components/ResultView.js';
import { SchemaForm } from '../../components/SchemaForm.js';
import { EmptyList, Explorer, RunButton, RunnerPanel, str, tabHref, useListFilter } from './common.js';
import { expandTemplate, templateVariables } from './uri-template.js';
import { useRunner, type RunnerMemory } from './useRunner.js';
import { isRecord } from '../../../../shared/is-record.js';

/** Reads one resource by URI (listed, linked from a result, or typed in). */
function ResourceReader({ server, uri, resource, memory }: { server: string; uri: string; resource: McpObject | undefined; memory: RunnerMemory }) {
  const client = useHub();
  const { outcome, running, run } = useRunner(memory, `${server}\0resource\0${uri}`, undefined);
  const read = (event: FormEvent) => {
    event.preventDefault();
    void run(() => client.invoke('readResource', { server_name: server, uri }));
  };
  const name = resource ? (str(resource, 'title') ?? str(resource, 'name')) : undefined;
  return (
    <RunnerPanel title={`Read ${name ?? 'resource'}`} closeHref={tabHref(server, 'resources')} description={resource && str(resource, 'description')}>
      <p>
        <code className="runner-uri">{uri}</code>
        {resource && str(resource, 'mimeType') && <span className="muted"> · {str(resource, 'mimeType')}</span>}
      </p>
      <form onSubmit={read}>
        <RunButton running={running} label={outcome ? 'Read again' : 'Read'} pendingLabel="Reading…" />
      </form>
      {outcome && <ResultView outcome={outcome} running={running} resourceHref={(link) => tabHref(server, 'resources', link)} />}
    </RunnerPanel>
  );
}

/** Fills a resource template's variables, then reads the resource it names. */
function TemplateReader({ server, template, memory }: { server: string; template: McpObject; memory: RunnerMemory }) {
  const client = useHub();
  const uriTemplate = str(template, 'uriTemplate') ?? '';
  const variables = templateVariables(uriTemplate);
  const schema: RJSFSchema = {
    type: 'object',
    properties: Object.fromEntries(variables.map((name) => [name, { type: 'string', title: name }])),
    required: variables,
  };
  const { formData, change, outcome, running, run } = useRunner(memory, `${server}\0template\0${uriTemplate}`, {});
  const values = (data: unknown): Record<string, string | undefined> =>
    isRecord(data) ? Object.fromEntries(Object.entries(data).map(([key, value]) => [key, typeof value === 'string' ? value : undefined])) : {};
  const uri = expandTemplate(uriTemplate, values(formData));
  return (
    <RunnerPanel
      title={`Read from ${str(template, 'title') ?? str(template, 'name') ?? 'template'}`}
      closeHref={tabHref(server, 'resources')}
      description={str(template, 'description')}
    >
      <p>
        <code className="runner-uri">{uriTemplate}</code>
      </p>
      <SchemaForm
        schema={schema}
        formData={formData}
        onChange={change}
        onSubmit={(data) => void run(() => client.invoke('readResource', { server_name: server, uri: expandTemplate(uriTemplate, values(data)) }))}
        idPrefix="template"
      >
        <p className="muted">
          URI: <code className="runner-uri">{uri}</code>
        </p>
        <RunButton running={running} label="Read" pendingLabel="Reading…" />
      </SchemaForm>
      {outcome && <ResultView outcome={outcome} running={running} resourceHref={(link) => tabHref(server, 'resources', link)} />}
    </RunnerPanel>
  );
}

/** Any URI, for resources a server offers without listing them. */
function ReadUri({ server }: { server: string }) {
  const [uri, setUri] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (uri.trim()) navigate({ page: 'server', name: server, tab: 'resources', item: uri.trim() });
  };
  return (
    <form className="read-uri" onSubmit={submit}>
      <label>
        Read a resource by URI
        <span className="read-uri-row">
          <input type="text" value={uri} onChange={(e) => setUri(e.target.value)} placeholder="scheme://path" spellCheck={false} />
          <button type="submit" disabled={!uri.trim()}>
            Open
          </button>
        </span>
      </label>
    </form>
  );
}

export function ResourcesTab({ server, item, memory }: { server: ServerInfo; item: string | undefined; memory: RunnerMemory }) {
  const { resources, resourceTemplates } = server.capabilities;
  const [matching, filter] = useListFilter(resources, (r) => `${str(r, 'name') ?? ''} ${str(r, 'uri') ?? ''} ${str(r, 'description') ?? ''}`);
  const template = item === undefined ? undefined : resourceTemplates.find((t) => str(t, 'uriTemplate') === item);
  const resource = item === undefined ? undefined : resources.find((r) => str(r, 'uri') === item);

  const panel =
    item === undefined ? null : template ? (
      <TemplateReader key={item} server={server.name} template={template} memory={memory} />
    ) : (
      <ResourceReader key={item} server={server.name} uri={item} resource={resource} memory={memory} />
    );

  const empty = resources.length === 0 && resourceTemplates.length === 0;
  return (
    <Explorer
      panel={panel}
      list={
        <>
          {empty ? (
            <EmptyList server={server} what="resources" />
          ) : (
            <>
              <h2 className="list-title">
                Resources <span className="count">{resources.length}</span>
              </h2>
              {filter}
              <ul className="item-list" aria-label="Resources">
                {matching.map((r) => {
                  const uri = str(r, 'uri') ?? '';
                  const name = str(r, 'title') ?? str(r, 'name') ?? uri;
                  return (
                    <li key={uri} className={`item-card ${uri === item ? 'item-selected' : ''}`} aria-current={uri === item ? 'true' : undefined} aria-label={name}>
                      <div className="item-head">
                        <h3>{name}</h3>
                        {str(r, 'mimeType') && <span className="muted">{str(r, 'mimeType')}</span>}
                      </div>
                      <a className="button item-action" href={tabHref(server.name, 'resources', uri)} aria-label={`Read ${name}`}>
                        Read
                      </a>
                      <code className="item-uri">{uri}</code>
                      {str(r, 'description') && <p className="item-description">{str(r, 'description')}</p>}
                    </li>
                  );
                })}
              </ul>
              {resources.length === 0 && <p className="muted">No resources listed.</p>}
              <h2 className="list-title">
                Resource templates <span className="count">{resourceTemplates.length}</span>
              </h2>
              <ul className="item-list" aria-label="Resource templates">
                {resourceTemplates.map((t) => {
                  const uriTemplate = str(t, 'uriTemplate') ?? '';
                  const name = str(t, 'title') ?? str(t, 'name') ?? uriTemplate;
                  return (
                    <li key={uriTemplate} className={`item-card ${uriTemplate === item ? 'item-selected' : ''}`} aria-current={uriTemplate === item ? 'true' : undefined} aria-label={name}>
                      <div className="item-head">
                        <h3>{name}</h3>
                      </div>
                      <a className="button item-action" href={tabHref(server.name, 'resources', uriTemplate)} aria-label={`Use template ${name}`}>
                        Use
                      </a>
                      <code className="item-uri">{uriTemplate}</code>
                      {str(t, 'description') && <p className="item-description">{str(t, 'description')}</p>}
                    </li>
                  );
                })}
              </ul>
              {resourceTemplates.length === 0 && <p className="muted">No resource templates.</p>}
            </>
          )}
          {server.status === 'connected' && <ReadUri server={server.name} />}
        </>
      }
    />
  );
}
