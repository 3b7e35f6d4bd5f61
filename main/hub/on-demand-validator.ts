import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from '@modelcontextprotocol/client';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/client/validators/ajv';

/**
 * The SDK's Client builds an Ajv instance in its constructor (tens of milliseconds of CPU for the
 * first, about 0.1 MB each), to check tool outputs and elicitation answers. The hub relays those
 * unchecked, as the other side would receive them directly, so Ajv is made only if the SDK asks
 * for a validator.
 */
export class OnDemandValidator implements jsonSchemaValidator {
  private ajv: AjvJsonSchemaValidator | undefined;

  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    this.ajv ??= new AjvJsonSchemaValidator();
    return this.ajv.getValidator<T>(schema);
  }
}
