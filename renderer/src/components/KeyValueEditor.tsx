import { useId, useState } from 'react';
import './KeyValueEditor.css';

export interface KeyValueRow {
  /** Stable across edits, for React and for error messages. */
  id: string;
  key: string;
  /** null: no value of its own (an env variable inherited from the hub's environment). */
  value: string | null;
}

export interface RowErrors {
  key?: string | undefined;
  value?: string | undefined;
}

export interface KeyValueEditorProps {
  /** The group's name, e.g. "Environment variables". */
  legend: string;
  rows: readonly KeyValueRow[];
  onChange: (rows: KeyValueRow[]) => void;
  keyLabel: string;
  addLabel: string;
  /** Offers "inherit" per row (value null). */
  allowInherit?: boolean;
  /** Rows whose value is shown as dots until "Show" is pressed. */
  isSecret: (row: KeyValueRow) => boolean;
  errors?: Readonly<Record<string, RowErrors>>;
  hint?: string;
  disabled?: boolean;
}

let nextRowId = 0;
export function newRowId(): string {
  nextRowId += 1;
  return `row-${nextRowId}`;
}

/** A list of name/value pairs (env, headers), secrets masked until shown. */
export function KeyValueEditor({ legend, rows, onChange, keyLabel, addLabel, allowInherit, isSecret, errors, hint, disabled }: KeyValueEditorProps) {
  const [shown, setShown] = useState<ReadonlySet<string>>(new Set());
  const hintId = useId();
  const update = (id: string, patch: Partial<KeyValueRow>) => onChange(rows.map((row) => (row.id === id ? { ...row, ...patch } : row)));
  const toggle = (id: string) =>
    setShown((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <fieldset className="kv-editor" disabled={disabled} aria-describedby={hint ? hintId : undefined}>
      <legend>{legend}</legend>
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {rows.length === 0 && <p className="muted kv-empty">None.</p>}
      {rows.map((row, index) => {
        const name = row.key || `row ${index + 1}`;
        const secret = row.value !== null && isSecret(row);
        const visible = !secret || shown.has(row.id);
        const rowErrors = errors?.[row.id];
        const keyErrorId = `${hintId}-${row.id}-key`;
        const valueErrorId = `${hintId}-${row.id}-value`;
        return (
          <div className="kv-row" key={row.id}>
            <div className="kv-cell">
              <input
                aria-label={`${keyLabel} ${index + 1}`}
                value={row.key}
                placeholder={keyLabel}
                spellCheck={false}
                autoComplete="off"
                aria-invalid={rowErrors?.key ? true : undefined}
                aria-describedby={rowErrors?.key ? keyErrorId : undefined}
                onChange={(e) => update(row.id, { key: e.target.value })}
              />
              {rowErrors?.key && (
                <span className="field-error" id={keyErrorId}>
                  {rowErrors.key}
                </span>
              )}
            </div>
            <div className="kv-cell kv-value">
              <input
                aria-label={`Value of ${name}`}
                type={visible ? 'text' : 'password'}
                value={row.value ?? ''}
                placeholder={row.value === null ? 'inherited from the hub’s environment' : 'value'}
                disabled={row.value === null}
                spellCheck={false}
                autoComplete="off"
                aria-invalid={rowErrors?.value ? true : undefined}
                aria-describedby={rowErrors?.value ? valueErrorId : undefined}
                onChange={(e) => update(row.id, { value: e.target.value })}
              />
              {rowErrors?.value && (
                <span className="field-error" id={valueErrorId}>
                  {rowErrors.value}
                </span>
              )}
            </div>
            <div className="kv-actions">
              {secret && (
                <button type="button" aria-pressed={shown.has(row.id)} aria-label={`Show the value of ${name}`} onClick={() => toggle(row.id)}>
                  {shown.has(row.id) ? 'Hide' : 'Show'}
                </button>
              )}
              {allowInherit && (
                <label className="kv-inherit">
                  <input type="checkbox" checked={row.value === null} onChange={(e) => update(row.id, { value: e.target.checked ? null : '' })} />
                  Inherit
                </label>
              )}
              <button type="button" aria-label={`Remove ${name}`} onClick={() => onChange(rows.filter((other) => other.id !== row.id))}>
                Remove
              </button>
            </div>
          </div>
        );
      })}
      <div>
        <button type="button" onClick={() => onChange([...rows, { id: newRowId(), key: '', value: '' }])}>
          {addLabel}
        </button>
      </div>
    </fieldset>
  );
}

export interface ListRow {
  id: string;
  value: string;
}

export interface ListEditorProps {
  legend: string;
  rows: readonly ListRow[];
  onChange: (rows: ListRow[]) => void;
  itemLabel: string;
  addLabel: string;
  errors?: Readonly<Record<string, string>>;
  hint?: string;
  disabled?: boolean;
}

/** An ordered list of strings (a command's arguments): one field per item, movable. */
export function ListEditor({ legend, rows, onChange, itemLabel, addLabel, errors, hint, disabled }: ListEditorProps) {
  const hintId = useId();
  const move = (index: number, by: number) => {
    const next = [...rows];
    const [row] = next.splice(index, 1);
    next.splice(index + by, 0, row!);
    onChange(next);
  };
  return (
    <fieldset className="kv-editor" disabled={disabled} aria-describedby={hint ? hintId : undefined}>
      <legend>{legend}</legend>
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {rows.length === 0 && <p className="muted kv-empty">None.</p>}
      {rows.map((row, index) => {
        const label = `${itemLabel} ${index + 1}`;
        const error = errors?.[row.id];
        return (
          <div className="kv-row list-row" key={row.id}>
            <div className="kv-cell">
              <input
                aria-label={label}
                value={row.value}
                spellCheck={false}
                autoComplete="off"
                aria-invalid={error ? true : undefined}
                onChange={(e) => onChange(rows.map((other) => (other.id === row.id ? { ...other, value: e.target.value } : other)))}
              />
              {error && <span className="field-error">{error}</span>}
            </div>
            <div className="kv-actions">
              <button type="button" aria-label={`Move ${label} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                ↑
              </button>
              <button type="button" aria-label={`Move ${label} down`} disabled={index === rows.length - 1} onClick={() => move(index, 1)}>
                ↓
              </button>
              <button type="button" aria-label={`Remove ${label}`} onClick={() => onChange(rows.filter((other) => other.id !== row.id))}>
                Remove
              </button>
            </div>
          </div>
        );
      })}
      <div>
        <button type="button" onClick={() => onChange([...rows, { id: newRowId(), value: '' }])}>
          {addLabel}
        </button>
      </div>
    </fieldset>
  );
}
