import type { RJSFSchema } from '@rjsf/utils';
import { describe, expect, it } from 'vitest';
import { cspSafeValidator } from './schema-validator.js';

/** A schema as the MCP SDK publishes a tool's input (zod → JSON Schema, draft 7). */
const sumSchema: RJSFSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { a: { type: 'number', description: 'First number' }, b: { type: 'number', minimum: 0 } },
  required: ['a', 'b'],
  additionalProperties: false,
};

describe('cspSafeValidator', () => {
  it('accepts valid data and ignores fields left empty', () => {
    expect(cspSafeValidator.validateFormData({ a: 1, b: 2 }, sumSchema).errors).toEqual([]);
    const { errors } = cspSafeValidator.validateFormData({ a: 1, b: undefined }, sumSchema);
    expect(errors.map((error) => [error.property, error.message])).toEqual([['.b', 'is required']]);
  });

  it('files each error under the field it is about, without the enclosing keywords', () => {
    const { errors, errorSchema } = cspSafeValidator.validateFormData({ a: 'x', b: -1 }, sumSchema);
    expect(errors.map((error) => [error.property, error.message])).toEqual([
      ['.a', 'must be number'],
      ['.b', expect.stringContaining('0') as unknown as string],
    ]);
    expect(errorSchema).toMatchObject({ a: { __errors: ['must be number'] }, b: { __errors: [expect.any(String)] } });
  });

  it('reports nested paths and array items', () => {
    const schema: RJSFSchema = { type: 'object', properties: { tags: { type: 'array', items: { type: 'string', minLength: 2 } } } };
    const { errors } = cspSafeValidator.validateFormData({ tags: ['ok', 'x'] }, schema);
    expect(errors.map((error) => error.property)).toEqual(['.tags.1']);
  });

  it('picks oneOf branches with the root definitions at hand', () => {
    const root: RJSFSchema = {
      definitions: { num: { type: 'number' } },
      oneOf: [{ $ref: '#/definitions/num' }, { type: 'string' }],
    };
    expect(cspSafeValidator.isValid({ $ref: '#/definitions/num' }, 3, root)).toBe(true);
    expect(cspSafeValidator.isValid({ $ref: '#/definitions/num' }, 'x', root)).toBe(false);
  });

  it('turns a schema it cannot read into a message instead of throwing', () => {
    const { errors } = cspSafeValidator.validateFormData({}, { $ref: '#/definitions/missing' });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.stack).toMatch(/could not be checked/);
  });

  it('never compiles code (the UI runs without unsafe-eval)', () => {
    const original = globalThis.Function;
    const forbidden = new Proxy(original, { construct: () => { throw new EvalError('eval forbidden'); }, apply: () => { throw new EvalError('eval forbidden'); } });
    globalThis.Function = forbidden;
    try {
      expect(cspSafeValidator.validateFormData({ a: 1, b: 2 }, sumSchema).errors).toEqual([]);
    } finally {
      globalThis.Function = original;
    }
  });
});
