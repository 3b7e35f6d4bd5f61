import Form from '@rjsf/core';
import type { IconButtonProps, RJSFSchema, TemplatesType } from '@rjsf/utils';
import { useMemo, type ReactNode } from 'react';
import { cspSafeValidator } from './schema-validator.js';
import './SchemaForm.css';

type ButtonTemplates = TemplatesType<unknown, RJSFSchema>['ButtonTemplates'];

/** rjsf's default buttons are Bootstrap glyph icons (an icon font this UI does not load): give them words. */
function textButton(label: string, symbol: string) {
  return function TextButton({ registry: _registry, uiSchema: _uiSchema, iconType: _iconType, icon: _icon, className, ...button }: IconButtonProps<unknown, RJSFSchema>) {
    return (
      <button type="button" {...button} className={`schema-form-button ${className ?? ''}`} aria-label={label} title={label}>
        <span aria-hidden="true">{symbol}</span>
      </button>
    );
  };
}

const BUTTONS: Partial<ButtonTemplates> = {
  AddButton: function AddButton({ registry: _registry, uiSchema: _uiSchema, iconType: _iconType, icon: _icon, className, ...button }: IconButtonProps<unknown, RJSFSchema>) {
    return (
      <button type="button" {...button} className={`schema-form-add ${className ?? ''}`}>
        + Add
      </button>
    );
  },
  RemoveButton: textButton('Remove', '✕'),
  MoveUpButton: textButton('Move up', '↑'),
  MoveDownButton: textButton('Move down', '↓'),
  CopyButton: textButton('Copy', '⧉'),
  ClearButton: textButton('Clear', '⌫'),
};

/**
 * The same schema object for as long as its content is the same: live refreshes re-read the
 * server and hand over new objects, which would make rjsf recompute the form.
 */
function useStableSchema(schema: RJSFSchema): RJSFSchema {
  const json = JSON.stringify(schema);
  return useMemo(() => JSON.parse(json) as RJSFSchema, [json]);
}

export function hasFields(schema: RJSFSchema): boolean {
  const properties = schema.properties;
  return schema.type !== 'object' || (properties !== undefined && Object.keys(properties).length > 0) || schema.additionalProperties !== undefined;
}

export interface SchemaFormProps {
  schema: RJSFSchema;
  /** Controlled: the caller keeps the values, so nothing is lost when the form re-renders. */
  formData: unknown;
  onChange(formData: unknown): void;
  onSubmit(formData: unknown): void;
  /** Prefix of the field ids, unique on the page. */
  idPrefix: string;
  /** The submit button and whatever goes beside it. */
  children: ReactNode;
}

/** A form generated from a JSON Schema (react-jsonschema-form), validated without `eval`. */
export function SchemaForm({ schema, formData, onChange, onSubmit, idPrefix, children }: SchemaFormProps) {
  const stable = useStableSchema(schema);
  return (
    <Form<unknown, RJSFSchema>
      className="schema-form"
      schema={stable}
      formData={formData}
      validator={cspSafeValidator}
      templates={{ ButtonTemplates: BUTTONS }}
      idPrefix={idPrefix}
      noHtml5Validate
      showErrorList={false}
      focusOnFirstError
      onChange={(event) => onChange(event.formData)}
      onSubmit={(event) => onSubmit(event.formData)}
      // The fields show their own errors; without a handler rjsf also logs them to the console.
      onError={() => undefined}
    >
      {children}
    </Form>
  );
}
