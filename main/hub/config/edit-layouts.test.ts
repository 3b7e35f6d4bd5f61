import { describe, expect, it } from 'vitest';
import { ConfigEditError } from './edit.js';
import type { ConfigEdit } from './edit.js';
import { edit, FIXTURE } from './edit.fixture.js';

describe('applyConfigEdits on odd layouts', () => {
  // Every edit checks its own result against the intended value and throws a plain Error when
  // they differ, so random edit sequences find any layout the text surgery gets wrong.
  const LAYOUTS = [
    FIXTURE,
    '{"mcpServers":{"a":{"command":"a"},"b":{"command":"b","args":["x"]}}}',
    '{\n  "mcpServers": {\n    "a": { "command": "a" }, // a\n    /* b */ "b": {\n      "command": "b" /* c */ , "args": [ ]\n    }\n  }\n}',
    '{ "mcpServers": { "a": { "command": "a" } ,\n "b": {"command": "b"}\n, } }',
    '/*x*/{/*y*/"mcpServers"/*z*/:/*w*/{/*v*/"a"/*u*/:/*t*/{/*s*/"command"/*r*/:/*q*/"a"/*p*/}/*o*/,/*n*/}/*m*/}/*l*/',
    '{\r\n\t"servers": {\r\n\t\t// c1\r\n\t\t"a": {\r\n\t\t\t"command": "a", // x\r\n\t\t}, // y\r\n\t\t// c2\r\n\r\n\t}\r\n}',
    '{\n  "mcpServers": {\n    // nothing yet\n  }\n}\n',
    '{\n  "mcpServers": { /* none */ }\n}\n',
    '{"mcpServers": {"a": {"command": "a"}}, "servers": {"b": {"url": "u"}}}',
    '',
    '// only a comment',
  ];
  const NAMES = ['a', 'b', 'c', 'memory', 'search'];
  const FIELDS = ['command', 'args', 'disabled', 'env'];
  const VALUES = [undefined, true, 'v', ['p', 'q'], { K: 'V' }];
  const CONFIGS = [{ command: 'x' }, { url: 'u', headers: { a: 'b' } }, {}];

  it('keeps every layout valid through random edit sequences', () => {
    let seed = 42;
    const pick = <T>(items: readonly T[]): T => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return items[seed % items.length] as T;
    };
    let applied = 0;
    for (let run = 0; run < 400; run++) {
      let text = pick(LAYOUTS);
      const strict = text !== '' && !/\/[/*]|,\s*[}\]]/.test(text);
      for (let step = 0; step < 6; step++) {
        const kind = pick(['set', 'remove', 'rename', 'setField', 'setField'] as const);
        const next: ConfigEdit =
          kind === 'set'
            ? { kind, name: pick(NAMES), config: pick(CONFIGS) }
            : kind === 'remove'
              ? { kind, name: pick(NAMES) }
              : kind === 'rename'
                ? { kind, from: pick(NAMES), to: pick(NAMES) }
                : { kind, name: pick(NAMES), field: pick(FIELDS), value: pick(VALUES) };
        try {
          text = edit(text, next);
          applied++;
        } catch (error) {
          if (!(error instanceof ConfigEditError)) throw new Error(`${JSON.stringify(next)} on ${JSON.stringify(text)}`, { cause: error });
        }
        if (strict) expect(() => JSON.parse(text) as unknown).not.toThrow();
      }
    }
    expect(applied).toBeGreaterThan(800);
  });
});
