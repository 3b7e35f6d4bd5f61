import type { RJSFSchema } from '@rjsf/utils';
import type { FormEvent } from 'react';
import type { McpObject } from '../../../../shared/status.js';
import { useHub } from '../../app/stores.js';
import { ResultView } from '../../components/ResultView.js';
import { hasFields, SchemaForm } from '../../components/SchemaForm.js';
import { RunButton, RunnerPanel, str, tabHref } from './common.js';
import { useRunner, type RunnerMemory } from './useRunner.js';
import { isRecord } from '../../../../shared/is-record.js';

export function inputSchemaOf(tool: McpObject): RJSFSchema {
  const schema = tool['inputSchema'];
  return isRecord(schema) ? (schema as RJSFSchema) : { type: 'object' };
}

/** Runs one tool: a form generated from its input schema, the result and the time it took. */
export function ToolRunner({ server, tool, memory }: { server: string; tool: McpObject; memory: RunnerMemory }) {
  const client = useHub();
  const name = str(tool, 'name') ?? '';
  const schema = inputSchemaOf(tool);
  const { formData, change, outcome, running, run } = useRunner(memory, `${server}\0tool\0${name}`, {});
  const call = (args: unknown) =>
    run(() => client.invoke('callTool', { server_name: server, tool: name, arguments: isRecord(args) ? args : {} }));
  const submitWithoutFields = (event: FormEvent) => {
    event.preventDefault();
    void call({});
  };
  const runButton = <RunButton running={running} label="Run" pendingLabel="Running…" />;

  return (
    <RunnerPanel
      title={
        <>
          Run <code>{name}</code>
        </>
      }
      closeHref={tabHref(server, 'tools')}
      description={str(tool, 'description')}
    >
      {hasFields(schema) ? (
        <SchemaForm schema={schema} formData={formData} onChange={change} onSubmit={(data) => void call(data)} idPrefix={`tool-${name}`}>
          {runButton}
        </SchemaForm>
      ) : (
        <form onSubmit={submitWithoutFields}>
          <p className="muted">This tool takes no arguments.</p>
          {runButton}
        </form>
      )}
      {outcome ? (
        <ResultView outcome={outcome} running={running} resourceHref={(uri) => tabHref(server, 'resources', uri)} />
      ) : (
        running && (
          <p className="muted" role="status">
            <span className="spinner" aria-hidden="true" /> Waiting for {server}…
          </p>
        )
      )}
    </RunnerPanel>
  );
}
