import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const HUB = join(ROOT, 'main/hub');
const MAX_LINES = 400;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The project files a module imports (type-only imports too: a circle of types is still a circle to read). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((match) => match[1] ?? match[2]!);
  return specifiers.filter((specifier) => specifier.startsWith('.')).map((specifier) => resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
}

/** Every import circle among `files`, each as the list of files that make it. */
function circles(files: string[]): string[][] {
  const inScope = new Set(files);
  const graph = new Map(files.map((file) => [file, importsOf(file).filter((target) => inScope.has(target))]));
  const found: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'visiting');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'visiting') found.push(stack.slice(stack.indexOf(next)).map((path) => relative(ROOT, path)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return found;
}

const sources = tsFiles(HUB).filter((file) => !file.endsWith('.test.ts'));

describe('main/hub stays readable', () => {
  it('has no import circle', () => {
    expect(circles(sources)).toEqual([]);
  });

  it(`has no file over ${MAX_LINES} lines`, () => {
    const long = tsFiles(HUB)
      .map((file) => ({ file: relative(ROOT, file), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });

  it('finds a circle when there is one (the check itself works)', () => {
    const fixture = join(ROOT, 'test/architecture/fixtures');
    expect(circles(tsFiles(fixture))).toEqual([['test/architecture/fixtures/a.ts', 'test/architecture/fixtures/b.ts']]);
  });
});
