import type { RJSFSchema } from '@rjsf/utils';
import type { FormEvent } from 'react';
import type { McpObject, ServerInfo } from '../../../../shared/status.js';
import { useHub } from '../../app/stores.js';
import { ResultView } from '../../components/ResultView.js';
import { SchemaForm } from '../../components/SchemaForm.js';
import { EmptyList, Explorer, RunButton, RunnerPanel, str, tabHref, useListFilter } from './common.js';
import { useRunner, type RunnerMemory } from './useRunner.js';
import { isRecord } from '../../../../shared/is-record.js';

interface PromptArgument {
  name: string;
  description: string | undefined;
  required: boolean;
}

function argumentsOf(prompt: McpObject): PromptArgument[] {
  const list = prompt['arguments'];
  if (!Array.isArray(list)) return [];
  return list.filter(isRecord).map((arg) => ({
    name: typeof arg['name'] === 'string' ? arg['name'] : '',
    description: typeof arg['description'] === 'string' ? arg['description'] : undefined,
    required: arg['required'] === true,
  }));
}

/** MCP prompt arguments are strings: a form of text fields, the required ones marked. */
function argumentSchema(args: PromptArgument[]): RJSFSchema {
  return {
    type: 'object',
    properties: Object.fromEntries(args.map((arg) => [arg.name, { type: 'string', title: arg.name, ...(arg.description && { description: arg.description }) }])),
    required: args.filter((arg) => arg.required).map((arg) => arg.name),
  };
}

function PromptRunner({ server, prompt, memory }: { server: string; prompt: McpObject; memory: RunnerMemory }) {
  const client = useHub();
  const name = str(prompt, 'name') ?? '';
  const args = argumentsOf(prompt);
  const { formData, change, outcome, running, run } = useRunner(memory, `${server}\0prompt\0${name}`, {});
  const get = (data: unknown) => {
    // Fields left empty are not sent: an optional argument is absent, not "".
    const filled = isRecord(data) ? Object.fromEntries(Object.entries(data).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')) : {};
    void run(() => client.invoke('getPrompt', { server_name: server, prompt: name, arguments: filled }));
  };
  const button = <RunButton running={running} label="Get prompt" pendingLabel="Getting…" />;
  return (
    <RunnerPanel
      title={
        <>
          Get <code>{name}</code>
        </>
      }
      closeHref={tabHref(server, 'prompts')}
      description={str(prompt, 'description')}
    >
      {args.length > 0 ? (
        <SchemaForm schema={argumentSchema(args)} formData={formData} onChange={change} onSubmit={get} idPrefix={`prompt-${name}`}>
          {button}
        </SchemaForm>
      ) : (
        <form
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            get({});
          }}
        >
          <p className="muted">This prompt takes no arguments.</p>
          {button}
        </form>
      )}
      {outcome && <ResultView outcome={outcome} running={running} resourceHref={(uri) => tabHref(server, 'resources', uri)} />}
    </RunnerPanel>
  );
}

export function PromptsTab({ server, item, memory }: { server: ServerInfo; item: string | undefined; memory: RunnerMemory }) {
  const prompts = server.capabilities.prompts;
  const [matching, filter] = useListFilter(prompts, (p) => `${str(p, 'name') ?? ''} ${str(p, 'description') ?? ''}`);
  const open = item === undefined ? undefined : prompts.find((p) => str(p, 'name') === item);
  if (prompts.length === 0 && item === undefined) return <EmptyList server={server} what="prompts" />;
  const panel =
    item === undefined ? null : open ? (
      <PromptRunner key={item} server={server.name} prompt={open} memory={memory} />
    ) : (
      <section className="runner card" aria-label="Prompt not found">
        <p>
          {server.name} offers no prompt <code>{item}</code>.
        </p>
        <a href={tabHref(server.name, 'prompts')}>Back to the prompts</a>
      </section>
    );
  return (
    <Explorer
      panel={panel}
      list={
        <>
          {filter}
          <ul className="item-list" aria-label="Prompts">
            {matching.map((prompt) => {
              const name = str(prompt, 'name') ?? '';
              const args = argumentsOf(prompt);
              return (
                <li key={name} className={`item-card ${name === item ? 'item-selected' : ''}`} aria-current={name === item ? 'true' : undefined} aria-labelledby={`prompt-${name}`}>
                  <div className="item-head">
                    <h3 id={`prompt-${name}`}>
                      <code>{name}</code>
                    </h3>
                    {str(prompt, 'title') && <span className="muted">{str(prompt, 'title')}</span>}
                  </div>
                  <a className="button item-action" href={tabHref(server.name, 'prompts', name)} aria-label={`Get ${name}`}>
                    Get
                  </a>
                  {str(prompt, 'description') && <p className="item-description">{str(prompt, 'description')}</p>}
                  {args.length > 0 && (
                    <ul className="prompt-args" aria-label={`Arguments of ${name}`}>
                      {args.map((arg) => (
                        <li key={arg.name}>
                          <code>{arg.name}</code>
                          {arg.required ? <span className="badge hint">required</span> : <span className="muted"> optional</span>}
                          {arg.description && <span className="muted"> — {arg.description}</span>}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ul>
          {matching.length === 0 && <p className="muted">No prompt matches.</p>}
        </>
      }
    />
  );
}
