import { dereference, validate, type OutputUnit, type Schema, type SchemaDraft } from '@cfworker/json-schema';
import {
  createErrorHandler,
  getDefaultFormState,
  toErrorSchema,
  unwrapErrorHandler,
  validationDataMerge,
  type CustomValidator,
  type ErrorTransformer,
  type RJSFSchema,
  type RJSFValidationError,
  type UiSchema,
  type ValidationData,
  type ValidatorType,
} from '@rjsf/utils';

/**
 * The form validator for react-jsonschema-form, on @cfworker/json-schema. rjsf's own validator
 * (ajv 8) compiles every schema with `new Function`, which the UI's content security policy
 * (`script-src 'self'`, no `unsafe-eval`) forbids; tool schemas arrive at run time, so they cannot
 * be precompiled at build time either. This one interprets the schema instead.
 */

type FormData = unknown;

function draftOf(schema: RJSFSchema): SchemaDraft {
  const declared = typeof schema.$schema === 'string' ? schema.$schema : '';
  if (declared.includes('draft-04')) return '4';
  if (declared.includes('draft-06') || declared.includes('draft-07')) return '7';
  if (declared.includes('2019-09')) return '2019-09';
  return '2020-12';
}

/** The validator reads plain JSON: no `undefined` (a field left empty), which it rejects as a type. */
function asJson(value: FormData): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

function check(schema: RJSFSchema, data: FormData, shortCircuit: boolean): OutputUnit[] {
  // `dereference` writes bookkeeping keys into the schema it is given; rjsf's objects stay untouched.
  const copy = structuredClone(schema) as Schema;
  const result = validate(asJson(data), copy, draftOf(schema), dereference(copy), shortCircuit);
  return result.errors;
}

/** `#/a/0` (a JSON pointer in URI form) → `.a.0`, the property path rjsf files errors under. */
function propertyPath(instanceLocation: string): string {
  return instanceLocation
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((part) => '.' + decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('');
}

function toRjsfError(unit: OutputUnit): RJSFValidationError {
  let property = propertyPath(unit.instanceLocation);
  let message = unit.error;
  if (unit.keyword === 'required') {
    const missing = /required property "(.*)"\.$/.exec(unit.error)?.[1];
    if (missing !== undefined) property = `${property}.${missing}`;
    message = 'is required';
  } else if (unit.keyword === 'type') {
    const expected = /Expected (.*)\.$/.exec(unit.error)?.[1];
    if (expected) message = `must be ${expected.replace(/"/g, '').split(', ').join(' or ')}`;
  }
  const field = property.replace(/^\./, '');
  return {
    name: unit.keyword,
    property,
    message,
    params: {},
    stack: field ? `${field}: ${message}` : message,
    schemaPath: unit.keywordLocation,
  };
}

/**
 * Only the errors that say what is wrong: the validator also reports every enclosing keyword
 * ("Property "a" does not match schema."), whose location is a prefix of the real one.
 */
function leafErrors(units: OutputUnit[]): OutputUnit[] {
  return units.filter((unit) => !units.some((other) => other !== unit && other.keywordLocation.startsWith(`${unit.keywordLocation}/`)));
}

export class CspSafeValidator implements ValidatorType<FormData, RJSFSchema> {
  rawValidation<Result = OutputUnit>(schema: RJSFSchema, formData?: FormData): { errors?: Result[]; validationError?: Error } {
    try {
      return { errors: check(schema, formData, false) as Result[] };
    } catch (error) {
      return { validationError: error instanceof Error ? error : new Error(String(error)) };
    }
  }

  validateFormData(
    formData: FormData | undefined,
    schema: RJSFSchema,
    customValidate?: CustomValidator<FormData, RJSFSchema>,
    transformErrors?: ErrorTransformer<FormData, RJSFSchema>,
    uiSchema?: UiSchema<FormData, RJSFSchema>,
  ): ValidationData<FormData> {
    const { errors: units = [], validationError } = this.rawValidation<OutputUnit>(schema, formData);
    let errors = leafErrors(units).map(toRjsfError);
    // A schema the validator cannot read (an unresolvable $ref) must not block the call: the
    // server validates its arguments anyway. Say so instead of failing silently.
    if (validationError) errors.push({ name: 'schema', property: '', message: validationError.message, params: {}, stack: `The schema could not be checked: ${validationError.message}`, schemaPath: '' });
    if (transformErrors) errors = transformErrors(errors, uiSchema);
    const errorSchema = toErrorSchema<FormData>(errors);
    if (!customValidate) return { errors, errorSchema };
    const withDefaults = getDefaultFormState<FormData, RJSFSchema>(this, schema, formData, schema, true);
    const handler = customValidate(withDefaults, createErrorHandler<FormData>(withDefaults), uiSchema, errorSchema);
    return validationDataMerge<FormData>({ errors, errorSchema }, unwrapErrorHandler<FormData>(handler));
  }

  /** Used by rjsf to pick the matching branch of oneOf/anyOf and to evaluate if/then. */
  isValid(schema: RJSFSchema, formData: FormData | undefined, rootSchema: RJSFSchema): boolean {
    // A branch may refer to the root's definitions ("#/definitions/x"): validate it with them at hand.
    const scoped: RJSFSchema = schema === rootSchema ? schema : { ...schema, definitions: rootSchema.definitions, $defs: rootSchema.$defs as RJSFSchema['$defs'] };
    try {
      return check({ ...scoped, $schema: rootSchema.$schema }, formData, true).length === 0;
    } catch {
      return false;
    }
  }
}

export const cspSafeValidator = new CspSafeValidator();
