import { useId, useState, type ReactNode } from 'react';
import { z } from 'zod';
import { looksSecret } from './draft.js';

/** Labels for fields whose key does not read well on its own. */
const LABELS: Record<string, string> = {
  oauth: 'OAuth',
  clientId: 'Client ID',
  clientSecret: 'Client secret',
  scopes: 'Scopes',
};
const HINTS: Record<string, string> = {
  oauth: 'Only needed when the server’s authorization server does not let the hub register itself. The login itself happens from the Servers page.',
  scopes: 'Space-separated; replaces the scopes the server suggests.',
};

function labelOf(key: string): string {
  return LABELS[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

export interface SchemaFieldProps {
  /** The key in its parent object. */
  name: string;
  schema: z.ZodType;
  value: unknown;
  /** undefined removes the key. */
  onChange: (value: unknown) => void;
  /** The schema's message for this field, if any. */
  error?: string | undefined;
  /** Messages for nested fields, by their key path below this one (`clientSecret`). */
  nestedErrors?: Readonly<Record<string, string>>;
}

/**
 * An editor for a config field the form has no dedicated one for, built from its zod schema, so a
 * field added to the shared schema (an `oauth` block) is editable without changing the form.
 * Objects become a group of fields; what has no simpler editor is edited as JSON.
 */
export function SchemaField({ name, schema, value, onChange, error, nestedErrors }: SchemaFieldProps) {
  const id = useId();
  const inner = unwrap(schema);
  const label = labelOf(name);
  const hint = HINTS[name];
  const errorId = `${id}-error`;
  const described = [hint ? `${id}-hint` : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const messages = (
    <>
      {hint && (
        <span className="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={errorId}>
          {error}
        </span>
      )}
    </>
  );

  if (inner instanceof z.ZodObject && (value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value)))) {
    const object = (value ?? {}) as Record<string, unknown>;
    const shape = inner.shape as Record<string, z.ZodType>;
    const known = new Set(Object.keys(shape));
    const set = (key: string, next: unknown) => {
      const updated: Record<string, unknown> = { ...object, [key]: next };
      if (next === undefined) delete updated[key];
      onChange(Object.keys(updated).length === 0 ? undefined : updated);
    };
    return (
      <fieldset className="kv-editor schema-object">
        <legend>{label}</legend>
        {messages}
        {Object.entries(shape).map(([key, child]) => (
          <SchemaField key={key} name={key} schema={child} value={object[key]} onChange={(next) => set(key, next)} error={nestedErrors?.[key]} />
        ))}
        {Object.keys(object).some((key) => !known.has(key)) && (
          <p className="field-hint">Also kept as written: {Object.keys(object).filter((key) => !known.has(key)).join(', ')}.</p>
        )}
      </fieldset>
    );
  }

  if (inner instanceof z.ZodBoolean && (value === undefined || typeof value === 'boolean')) {
    return (
      <div className="form-field">
        <label className="checkbox">
          <input type="checkbox" checked={value === true} aria-describedby={described} onChange={(e) => onChange(e.target.checked ? true : undefined)} />
          {label}
        </label>
        {messages}
      </div>
    );
  }

  if (inner instanceof z.ZodEnum && (value === undefined || typeof value === 'string')) {
    return (
      <div className="form-field">
        <label>
          {label}
          <select value={(value as string | undefined) ?? ''} aria-describedby={described} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}>
            <option value="">(not set)</option>
            {(inner.options as string[]).map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
        {messages}
      </div>
    );
  }

  if ((inner instanceof z.ZodString || inner instanceof z.ZodNumber) && (value === undefined || typeof value === 'string' || typeof value === 'number')) {
    return <ScalarField label={label} name={name} number={inner instanceof z.ZodNumber} value={value} onChange={onChange} described={described} invalid={Boolean(error)} messages={messages} />;
  }

  return <JsonField label={label} value={value} onChange={onChange} described={described} messages={messages} />;
}

function ScalarField(props: {
  label: string;
  name: string;
  number: boolean;
  value: string | number | undefined;
  onChange: (value: unknown) => void;
  described: string | undefined;
  invalid: boolean;
  messages: ReactNode;
}) {
  const { label, name, number, value, onChange, described, invalid, messages } = props;
  const text = value === undefined ? '' : String(value);
  const secret = !number && looksSecret(name, text);
  const [shown, setShown] = useState(false);
  return (
    <div className="form-field">
      <label>
        {label}
        <span className="input-with-action">
          <input
            type={number ? 'number' : secret && !shown ? 'password' : 'text'}
            value={text}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={invalid || undefined}
            aria-describedby={described}
            onChange={(e) => onChange(e.target.value === '' ? undefined : number ? Number(e.target.value) : e.target.value)}
          />
          {secret && (
            <button type="button" aria-pressed={shown} aria-label={`Show ${label}`} onClick={() => setShown(!shown)}>
              {shown ? 'Hide' : 'Show'}
            </button>
          )}
        </span>
      </label>
      {messages}
    </div>
  );
}

/** Anything else, as JSON: kept as typed until it parses. */
function JsonField(props: { label: string; value: unknown; onChange: (value: unknown) => void; described: string | undefined; messages: ReactNode }) {
  const { label, value, onChange, described, messages } = props;
  const [text, setText] = useState(() => (value === undefined ? '' : JSON.stringify(value, null, 2)));
  const [invalid, setInvalid] = useState(false);
  return (
    <div className="form-field">
      <label>
        {label} (JSON)
        <textarea
          className="mono"
          rows={3}
          value={text}
          spellCheck={false}
          aria-invalid={invalid || undefined}
          aria-describedby={described}
          onChange={(e) => {
            setText(e.target.value);
            if (e.target.value.trim() === '') {
              setInvalid(false);
              onChange(undefined);
              return;
            }
            try {
              onChange(JSON.parse(e.target.value));
              setInvalid(false);
            } catch {
              setInvalid(true);
            }
          }}
        />
      </label>
      {invalid && <span className="field-error">not valid JSON yet; the last valid value is kept</span>}
      {messages}
    </div>
  );
}
