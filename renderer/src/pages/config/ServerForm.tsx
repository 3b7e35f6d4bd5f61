import { useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { KeyValueEditor, ListEditor, newRowId, type RowErrors } from '../../components/KeyValueEditor.js';
import { configFromDraft, extraSchemaFields, hasErrors, looksSecret, REDACTED, validateDraft, type FormTransport, type ServerDraft } from './draft.js';
import { SchemaField } from './SchemaFields.js';

export interface ServerFormProps {
  draft: ServerDraft;
  onChange: (draft: ServerDraft) => void;
  /** A server not in the config yet: its name is typed here. */
  isNew: boolean;
  /** Names a new server cannot have. */
  takenNames: ReadonlySet<string>;
  /** Whether the draft differs from what is saved. */
  dirty: boolean;
  busy: boolean;
  /** Called only with an entry that passes the hub's schema. */
  onSave: (name: string, config: Record<string, unknown>) => void;
  onRevert: () => void;
  /** More buttons for the toolbar (duplicate, rename, delete). */
  actions?: ReactNode;
}

const TRANSPORTS: { id: FormTransport; label: string; hint: string }[] = [
  { id: 'stdio', label: 'stdio', hint: 'a local program the hub starts' },
  { id: 'streamable-http', label: 'Streamable HTTP', hint: 'a remote server at a URL' },
  { id: 'sse', label: 'SSE', hint: 'a remote server using the older HTTP+SSE transport' },
];

/** Splits a pasted command line (`npx -y @scope/server --flag "a b"`) into words, honouring quotes. */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const match of line.matchAll(pattern)) words.push(match[1]?.replace(/\\(.)/g, '$1') ?? match[2] ?? match[3] ?? '');
  return words;
}

const REDACTED_HINT = `Values shown as ${REDACTED} are secrets the hub does not send to this window. Leave one as it is to keep it; type over it to replace it.`;

function hasRedacted(rows: readonly { value: string | null }[]): boolean {
  return rows.some((row) => row.value?.includes(REDACTED));
}

function withoutPrefix(errors: Readonly<Record<string, string>>, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).flatMap(([key, message]) => (key.startsWith(`${prefix}.`) ? [[key.slice(prefix.length + 1), message]] : [])));
}

/** A text field with its label, hint and error, wired for screen readers. */
function TextField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  hint?: ReactNode;
  mono?: boolean;
  type?: 'text' | 'number' | 'url';
  placeholder?: string;
  autoFocus?: boolean;
}) {
  const id = useId();
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="form-field">
      <label>
        {props.label}
        <input
          type={props.type ?? 'text'}
          className={props.mono ? 'mono' : undefined}
          value={props.value}
          placeholder={props.placeholder}
          spellCheck={false}
          autoComplete="off"
          autoFocus={props.autoFocus}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={described}
          onChange={(e) => props.onChange(e.target.value)}
        />
      </label>
      {props.hint && (
        <span className="field-hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      )}
      {props.error && (
        <span className="field-error" id={`${id}-error`}>
          {props.error}
        </span>
      )}
    </div>
  );
}

/**
 * One server's entry as a form: fields per transport, checked as they are typed with the hub's
 * own schema. Messages appear once a field is touched (all of them on an attempt to save), and
 * always for an existing entry, whose problems are already real.
 */
export function ServerForm({ draft, onChange, isNew, takenNames, dirty, busy, onSave, onRevert, actions }: ServerFormProps) {
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [moreOpen, setMoreOpen] = useState(() => Boolean(draft.displayName || draft.description || draft.timeout));
  const errors = useMemo(() => validateDraft(draft, { isNew, takenNames }), [draft, isNew, takenNames]);
  const visible = (field: string) => !isNew || submitted || touched.has(field);
  const show = (field: string, message: string | undefined) => (visible(field) ? message : undefined);
  const showRows = <T,>(field: string, rows: Record<string, T>): Record<string, T> => (visible(field) ? rows : {});

  const change = (field: string, patch: Partial<ServerDraft>) => {
    if (!touched.has(field)) setTouched(new Set(touched).add(field));
    onChange({ ...draft, ...patch });
  };

  const setTransport = (transport: FormTransport) =>
    change('transport', { transport, type: transport === 'stdio' ? (draft.type === 'stdio' ? 'stdio' : undefined) : transport === 'sse' ? 'sse' : draft.type === 'http' ? 'http' : 'streamable-http' });

  const commandWords = draft.command.trim().includes(' ') && draft.args.length === 0 ? splitCommandLine(draft.command) : [];
  const extras = extraSchemaFields();
  const remoteExtras = extras.filter(({ key }) => key === 'oauth');
  const otherExtras = extras.filter(({ key }) => key !== 'oauth');
  const keptAsWritten = Object.keys(draft.other).filter((key) => !extras.some((extra) => extra.key === key));
  const otherErrors = visible('other') ? errors.other : {};
  const general = submitted || !isNew ? errors.general : [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (hasErrors(errors)) {
      // A message inside the collapsed section must not go unseen.
      if (errors.timeout || Object.keys(errors.other).some((key) => otherExtras.some((extra) => key.split('.')[0] === extra.key))) setMoreOpen(true);
      return;
    }
    onSave(draft.name.trim(), configFromDraft(draft));
  };

  const extraField = ({ key, schema }: { key: string; schema: (typeof extras)[number]['schema'] }) => (
    <SchemaField
      key={key}
      name={key}
      schema={schema}
      value={draft.other[key]}
      error={otherErrors[key]}
      nestedErrors={withoutPrefix(otherErrors, key)}
      onChange={(value) => {
        const other = { ...draft.other, [key]: value };
        if (value === undefined) delete other[key];
        change('other', { other });
      }}
    />
  );

  return (
    <form className="server-form" onSubmit={submit} noValidate aria-label={isNew ? 'New server' : `Server ${draft.name}`}>
      {general.length > 0 && (
        <div className="banner banner-error" role="alert">
          <ul>
            {general.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </div>
      )}
      {isNew && (
        <TextField
          label="Server name"
          value={draft.name}
          onChange={(name) => change('name', { name })}
          error={show('name', errors.name)}
          hint="The key in the config file; clients see its tools under this name."
          autoFocus
        />
      )}

      <fieldset className="transport-choice">
        <legend>Transport</legend>
        {TRANSPORTS.map((transport) => (
          <label key={transport.id} className="radio">
            <input type="radio" name="transport" value={transport.id} checked={draft.transport === transport.id} onChange={() => setTransport(transport.id)} />
            <span>
              {transport.label} <span className="muted">— {transport.hint}</span>
            </span>
          </label>
        ))}
        {show('transport', errors.transport) && <span className="field-error">{errors.transport}</span>}
      </fieldset>

      {draft.transport === 'stdio' ? (
        <>
          <TextField
            label="Command"
            mono
            value={draft.command}
            onChange={(command) => change('command', { command })}
            error={show('command', errors.command)}
            placeholder="node, npx, uvx, docker, /path/to/server"
            hint={
              commandWords.length > 1 ? (
                <>
                  That looks like a whole command line.{' '}
                  <button
                    type="button"
                    className="inline-action"
                    onClick={() => change('args', { command: commandWords[0]!, args: commandWords.slice(1).map((value) => ({ id: newRowId(), value })) })}
                  >
                    Split it into command and arguments
                  </button>
                </>
              ) : undefined
            }
          />
          <ListEditor
            legend="Arguments"
            itemLabel="Argument"
            addLabel="Add argument"
            rows={draft.args}
            errors={showRows('args', errors.args)}
            onChange={(args) => change('args', { args })}
          />
          <KeyValueEditor
            legend="Environment variables"
            keyLabel="Variable name"
            addLabel="Add variable"
            allowInherit
            rows={draft.env}
            errors={showRows<RowErrors>('env', errors.env)}
            isSecret={(row) => looksSecret(row.key, row.value)}
            hint={hasRedacted(draft.env) ? REDACTED_HINT : 'Placeholders such as ${env:NAME} and ${secret:NAME} are filled in by the hub when it starts the server.'}
            onChange={(env) => change('env', { env })}
          />
          <TextField
            label="Working directory"
            mono
            value={draft.cwd}
            onChange={(cwd) => change('cwd', { cwd })}
            error={show('cwd', errors.cwd)}
            placeholder="(the hub's own)"
          />
        </>
      ) : (
        <>
          <TextField
            label="URL"
            mono
            type="url"
            value={draft.url}
            onChange={(url) => change('url', { url })}
            error={show('url', errors.url)}
            placeholder="https://example.com/mcp"
          />
          <KeyValueEditor
            legend="Headers"
            keyLabel="Header name"
            addLabel="Add header"
            rows={draft.headers}
            errors={showRows<RowErrors>('headers', errors.headers)}
            isSecret={(row) => looksSecret(row.key, row.value)}
            hint={hasRedacted(draft.headers) ? REDACTED_HINT : undefined}
            onChange={(headers) => change('headers', { headers })}
          />
          {remoteExtras.map(extraField)}
        </>
      )}

      <details className="form-more" open={moreOpen} onToggle={(event) => setMoreOpen(event.currentTarget.open)}>
        <summary>More settings</summary>
        <TextField label="Display name" value={draft.displayName} onChange={(displayName) => change('displayName', { displayName })} error={undefined} />
        <TextField label="Description" value={draft.description} onChange={(description) => change('description', { description })} error={undefined} />
        <TextField
          label="Timeout (ms)"
          type="number"
          value={draft.timeout}
          onChange={(timeout) => change('timeout', { timeout })}
          error={show('timeout', errors.timeout)}
          hint="How long a request to this server may take."
        />
        {otherExtras.map(extraField)}
      </details>

      <div className="form-field">
        <label className="checkbox">
          <input type="checkbox" checked={draft.disabled} onChange={(e) => change('disabled', { disabled: e.target.checked })} />
          Disabled (the hub keeps the entry but does not start the server)
        </label>
      </div>

      {keptAsWritten.length > 0 && (
        <p className="field-hint">
          Kept as written (edit them in the raw file): <code>{keptAsWritten.join(', ')}</code>
        </p>
      )}

      <div className="toolbar form-actions">
        <button type="submit" className="primary" disabled={busy || (!dirty && !isNew)}>
          {busy ? 'Saving…' : isNew ? 'Add server' : 'Save'}
        </button>
        <button type="button" onClick={onRevert} disabled={busy || (!dirty && !isNew)}>
          {isNew ? 'Cancel' : 'Discard changes'}
        </button>
        <span className="spacer" />
        {actions}
      </div>
    </form>
  );
}
