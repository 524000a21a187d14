import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import {
  cyclesOf,
  type ImportEdge,
  importsOf,
  layeringViolations,
  moduleGraph,
  scanTree,
} from './module-graph.ts';

/** A synthetic tree: file → its source. */
function edgesOf(tree: Record<string, string>): ImportEdge[] {
  return Object.entries(tree).flatMap(([file, source]) => importsOf(file, source));
}

const LAYERED = {
  'main.ts': "import { a } from './a/index.ts';\nimport { b } from './b/index.ts';",
  'errors.ts': 'export class AppError extends Error {}',
  'context.ts': "import type { A } from './a/index.ts';",
  'a/index.ts': "export { a, type A } from './a.ts';",
  'a/a.ts': "import { b } from '../b/index.ts';\nimport { AppError } from '../errors.ts';",
  'b/index.ts': "export { b } from './b.ts';",
  'b/b.ts':
    "import type { RequestContext } from '../context.ts';\nimport { parseHetu } from '../domain/index.ts';",
  'domain/index.ts': "export { parseHetu } from './hetu.ts';",
  'domain/hetu.ts': 'export function parseHetu() {}',
};

describe('the layering rule (docs/ARCHITECTURE.md)', () => {
  it('holds for src/', () => {
    expect(layeringViolations(scanTree(join(PROJECT_ROOT, 'src')))).toEqual([]);
  });

  it('sees the modules of src/ and the imports between them', () => {
    const graph = moduleGraph(scanTree(join(PROJECT_ROOT, 'src')));
    expect(graph.get('domain')).toEqual(new Set());
    expect(graph.get('person-workflows')).toContain('identification');
    expect(graph.get('person-workflows')).toContain('persons');
    expect(graph.get('persons')).not.toContain('identification');
  });

  it('reads static, type-only, re-export, bare and dynamic imports', () => {
    const source = [
      "import { a } from '../a/index.ts';",
      "import type {\n  B,\n  C,\n} from '../b/index.ts';",
      "export { d } from '../d/index.ts';",
      "import '../e/index.ts';",
      "const { f } = await import('../f/index.ts');",
      "import { sql } from 'kysely';",
    ].join('\n');
    expect(importsOf('x/y.ts', source).map((e) => [e.to, e.typeOnly, e.external])).toEqual([
      ['a/index.ts', false, false],
      ['b/index.ts', true, false],
      ['d/index.ts', false, false],
      ['e/index.ts', false, false],
      ['kysely', false, true],
      ['f/index.ts', false, false],
    ]);
  });

  it('passes a layered tree', () => {
    expect(layeringViolations(edgesOf(LAYERED))).toEqual([]);
  });

  it('fails when a cycle is added, and names its imports', () => {
    const tree = { ...LAYERED, 'b/b.ts': `${LAYERED['b/b.ts']}\nimport type { A } from '../a/index.ts';` };
    expect(cyclesOf(moduleGraph(edgesOf(tree)))).toEqual([['a', 'b']]);
    expect(layeringViolations(edgesOf(tree))).toEqual([
      'cycle between modules a, b: a/a.ts → b/index.ts; b/b.ts → a/index.ts',
    ]);
  });

  it('fails on a cycle through several modules, dynamic imports included', () => {
    const tree = {
      ...LAYERED,
      'c/index.ts': "export const c = 1;\nconst { a } = await import('../a/index.ts');",
      'b/b.ts': `${LAYERED['b/b.ts']}\nimport { c } from '../c/index.ts';`,
    };
    expect(cyclesOf(moduleGraph(edgesOf(tree)))).toEqual([['a', 'b', 'c']]);
  });

  it('fails on a module imported other than through its index.ts', () => {
    const tree = { ...LAYERED, 'a/a.ts': "import { b } from '../b/b.ts';" };
    expect(layeringViolations(edgesOf(tree))).toEqual(['a/a.ts imports b/b.ts, not b/index.ts']);
    const fromRoot = { ...LAYERED, 'main.ts': "import { b } from './b/b.ts';" };
    expect(layeringViolations(edgesOf(fromRoot))).toEqual(['main.ts imports b/b.ts, not b/index.ts']);
  });

  it('fails on domain/ importing anything outside itself, packages too', () => {
    const tree = {
      ...LAYERED,
      'c/index.ts': 'export const c = 1;',
      'domain/hetu.ts': "import type { C } from '../c/index.ts';\nimport { randomInt } from 'node:crypto';",
    };
    expect(layeringViolations(edgesOf(tree))).toEqual([
      'domain/ imports outside itself: domain/hetu.ts → c/index.ts',
      'domain/ imports outside itself: domain/hetu.ts → node:crypto',
    ]);
  });

  it('fails on a module importing the composition root, or the kernel wiring a module', () => {
    const tree = {
      ...LAYERED,
      'a/a.ts': "import { main } from '../main.ts';",
      'context.ts': "import { a } from './a/index.ts';",
    };
    expect(layeringViolations(edgesOf(tree))).toEqual([
      'kernel file context.ts imports a/index.ts for more than its types',
      "module file a/a.ts imports the composition root's main.ts",
    ]);
  });
});
