import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServerConfigSchema } from '../../../shared/config.js';
import { ServerResponseSchema } from '../../../shared/registry-schema.js';
import { expandPlaceholders, type PlaceholderScope } from '../config/placeholders.js';
import { toMarketplaceEntry } from './entry.js';
import { secretPlaceholder } from './install-values.js';
import { configFromEntry, installInputs, type InstallChoice } from './install.js';
import { requiredRuntime } from './runtime.js';

// Fuzzing: any entry the registry schema accepts must give a result, never an exception, and
// every config it gives must load in the hub and hold no secret value.

/** Keys containing S_ are secret wherever they appear, and their values are marked SECRET. */
const keyArb = fc.constantFrom('TOKEN', 'S_TOKEN', 'dir', 'S_key', 'PORT', '--flag', '--S_pass', '-e', 'a=b', 'x y', 'region');
/** Registry text, sometimes with placeholder syntax in it that must stay text. */
const textArb = fc
  .array(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('${cmd: id}', '${HOME}', '$', '$${x}', '{', '}', '${')), { maxLength: 3 })
  .map((parts) => parts.join(''))
  .filter((s) => !s.includes('SECRET'));
const templateArb = fc
  .array(fc.oneof(textArb, keyArb.map((k) => `{${k}}`)), { maxLength: 3 })
  .map((parts) => parts.join(''));

function inputArb(key: string) {
  return fc.record(
    {
      description: textArb,
      isRequired: fc.boolean(),
      format: fc.constantFrom('string', 'number', 'boolean', 'filepath'),
      default: textArb,
      placeholder: textArb,
      choices: fc.array(textArb, { maxLength: 3 }),
      isSecret: fc.constant(key.includes('S_')),
    },
    { requiredKeys: ['isSecret'] },
  );
}

const variablesArb = fc
  .uniqueArray(keyArb, { maxLength: 3 })
  .chain((keys) => fc.tuple(...keys.map((k) => inputArb(k).map((input) => [k, input] as const))))
  .map((pairs) => Object.fromEntries(pairs));

const keyValueArb = keyArb.chain((name) =>
  fc
    .tuple(inputArb(name), fc.option(templateArb, { nil: undefined }), fc.option(variablesArb, { nil: undefined }))
    .map(([input, value, variables]) => ({ ...input, name, ...(value !== undefined ? { value, variables } : {}) })),
);

const argumentArb = fc.oneof(
  keyArb.chain((key) =>
    fc
      .tuple(inputArb(key), fc.option(templateArb, { nil: undefined }), fc.option(variablesArb, { nil: undefined }))
      .map(([input, value, variables]) => ({ ...input, type: 'positional', valueHint: key, ...(value !== undefined ? { value, variables } : {}) })),
  ),
  keyArb.chain((key) =>
    fc
      .tuple(inputArb(key), fc.option(templateArb, { nil: undefined }), fc.boolean())
      .map(([input, value, bare]) => (bare ? { type: 'named', name: key } : { ...input, type: 'named', name: key, ...(value !== undefined ? { value } : {}) })),
  ),
  fc.constant({ type: 'future-kind', value: 'x' }),
);

const packageArb = fc.record(
  {
    registryType: fc.constantFrom('npm', 'pypi', 'oci', 'nuget', 'mcpb', 'cargo'),
    identifier: fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constant('ghcr.io/o/i:1.0'), fc.constant('localhost:5000/img')),
    version: fc.string({ minLength: 1, maxLength: 8 }),
    runtimeHint: fc.constantFrom('npx', 'uvx', 'docker'),
    transport: fc.oneof(
      fc.constant({ type: 'stdio' }),
      fc.record({ type: fc.constantFrom('streamable-http', 'sse'), url: fc.constant('http://localhost:{PORT}/mcp') }),
    ),
    runtimeArguments: fc.array(argumentArb, { maxLength: 3 }),
    packageArguments: fc.array(argumentArb, { maxLength: 3 }),
    environmentVariables: fc.array(keyValueArb, { maxLength: 3 }),
  },
  { requiredKeys: ['registryType', 'identifier', 'transport'] },
);

const remoteArb = fc.record(
  {
    type: fc.constantFrom('streamable-http', 'sse', 'websocket'),
    url: fc.oneof(fc.constant('https://example.com/mcp'), templateArb.map((t) => `https://${t}.example.com/mcp`), fc.constant('{S_key}/mcp')),
    headers: fc.array(keyValueArb, { maxLength: 3 }),
    variables: variablesArb,
  },
  { requiredKeys: ['type', 'url'] },
);

const serverArb = fc.record({
  server: fc.record(
    {
      name: fc.constantFrom('io.github.x/y', 'com.example/fuzz'),
      description: textArb,
      version: fc.string({ maxLength: 8 }),
      packages: fc.array(packageArb, { maxLength: 3 }),
      remotes: fc.array(remoteArb, { maxLength: 2 }),
    },
    { requiredKeys: ['name', 'description', 'version'] },
  ),
});

const valuesArb = fc.dictionary(
  keyArb,
  fc.string({ maxLength: 10 }),
).map((values) =>
  Object.fromEntries(Object.entries(values).map(([key, value]) => [key, key.includes('S_') ? `SECRET-${value}` : value.replace(/SECRET/g, '')])),
);

describe('configFromEntry fuzzing', () => {
  it('never throws on schema-valid entries; configs load, hold no secrets and no placeholders but ours', async () => {
    const refuse = (what: string) => {
      throw new Error(`config text expanded a placeholder: ${what}`);
    };
    const strict: PlaceholderScope = {
      variable: async (name) => refuse(name),
      input: (id) => refuse(id),
      command: async (command) => refuse(command),
      secret: async (name) => refuse(name),
    };
    await fc.assert(
      fc.asyncProperty(serverArb, valuesArb, async (raw, values) => {
        const entry = toMarketplaceEntry(ServerResponseSchema.parse(raw), 'http://fuzz');
        const choices: InstallChoice[] = [
          {},
          ...entry.packages.map((_, index) => ({ package: index })),
          ...entry.remotes.map((_, index) => ({ remote: index })),
        ];
        for (const choice of choices) {
          const result = configFromEntry(entry, choice, values);
          installInputs(entry, choice);
          if (result.config !== null) {
            const parsed = ServerConfigSchema.safeParse(result.config);
            if (!parsed.success) throw new Error(`invalid config ${JSON.stringify(result.config)}: ${parsed.error.message}`);
            expect(JSON.stringify(result.config)).not.toContain('SECRET');
            const texts =
              'command' in result.config
                ? [...result.config.args, ...Object.values(result.config.env ?? {})]
                : [result.config.url, ...Object.values(result.config.headers ?? {})];
            for (const text of texts) {
              // Our own ${secret:…} placeholders are the only ones allowed; the resolver must find no other.
              const withoutOurs = result.secrets.reduce((t, secret) => t.split(secretPlaceholder(secret.name)).join(''), text);
              await expandPlaceholders(withoutOurs, 'fuzz', strict);
            }
            if ('command' in result.config) {
              const type = entry.packages[choice.package ?? 0]?.registryType;
              const expected = { npm: 'node', pypi: 'uv', oci: 'docker' }[type ?? ''];
              expect(requiredRuntime(result.config)).toBe(expected);
            }
          }
          for (const secret of result.secrets) expect(secret.value).not.toBe('');
          for (const key of result.missing) expect(Object.keys(values).includes(key) && values[key] !== '').toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});
