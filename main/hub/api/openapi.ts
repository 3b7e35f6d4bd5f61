import { z } from 'zod';
import { ErrorEnvelopeSchema, operations, type OperationName } from '../../../shared/contract.js';
import { HUB_VERSION } from '../../../shared/version.js';

const ERROR_RESPONSES = {
  '400': 'The input does not fit the operation (the message says which field and why)',
  '404': 'No such server, tool or prompt',
  '409': 'The config file changed on disk since it was read',
  '503': 'The server is not connected',
};

/** The OpenAPI 3.1 document of the REST API, generated from the operation contract. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorSchema = z.toJSONSchema(ErrorEnvelopeSchema);
  for (const name of Object.keys(operations) as OperationName[]) {
    const spec = operations[name];
    const input = z.toJSONSchema(spec.input, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown> };
    const output = z.toJSONSchema((spec.output as z.ZodObject).extend({ timestamp: z.string() }), { unrepresentable: 'any' });
    const queryFields = spec.http.method === 'GET' ? Object.keys(input.properties ?? {}) : (spec.http.query ?? []);
    const entry: Record<string, unknown> = {
      operationId: name,
      summary: spec.summary,
      parameters: queryFields.map((field) => ({ name: field, in: 'query', required: false, schema: input.properties?.[field] ?? {} })),
      responses: {
        '200': { description: 'OK', content: { 'application/json': { schema: output } } },
        ...Object.fromEntries(
          Object.entries(ERROR_RESPONSES).map(([status, description]) => [
            status,
            { description, content: { 'application/json': { schema: errorSchema } } },
          ]),
        ),
      },
    };
    if (spec.http.method === 'POST') entry['requestBody'] = { required: true, content: { 'application/json': { schema: input } } };
    paths[`/api${spec.http.path}`] = { ...paths[`/api${spec.http.path}`], [spec.http.method.toLowerCase()]: entry };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'MCP Hub API',
      version: HUB_VERSION,
      description:
        'mcp-hub v4 compatible management API of MCP Hub. The schemas below are the full view, sent to requests with `X-MCP-Hub-View: full`; ' +
        "without it the answers are in mcp-hub v4's view (a sleeping server reads as `connected` with `sleeping: true`, a failed one as " +
        "`disconnected`, marketplace entries in v4's registry shape).",
    },
    paths,
  };
}
