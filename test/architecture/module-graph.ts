import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/**
 * The layering rule of docs/ARCHITECTURE.md, checked over the import statements of src/:
 *
 * - a module is a folder directly under src/; the files directly in src/ are not modules: the
 *   composition root (main, server, app, services, …) and the kernel (KERNEL) every module may use;
 * - no cycle between modules — every import counts, `import type` and dynamic `import()` too;
 * - a module is imported only through its `index.ts`, from other modules and from the root alike;
 * - `domain/` imports nothing outside itself (no packages either: it is shared with the UI);
 * - a module imports nothing from the root but the kernel, and the kernel imports modules only for
 *   their types (it describes what the composition root wires; it wires nothing itself).
 */

/** Root files any module may import. */
export const KERNEL: readonly string[] = ['config.ts', 'context.ts', 'errors.ts'];

export interface ImportEdge {
  /** The importing file, relative to src/ ('persons/service.ts'). */
  from: string;
  /** The imported file, relative to src/ ('identification/index.ts'), or the package name. */
  to: string;
  /** `import type …` / `export type … from`: erased at run time. */
  typeOnly: boolean;
  /** A package (node:…, kysely), not a file of src/. */
  external: boolean;
}

const STATIC = /(?:^|[\n;])\s*(import|export)\s+(type\s+)?(?:[^;'"]*?\s+from\s+)?'([^']+)'/g;
const DYNAMIC = /\bimport\(\s*'([^']+)'\s*\)/g;

/** The imports of one file: static (`import … from`, `export … from`, bare `import '…'`) and dynamic. */
export function importsOf(file: string, source: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const add = (specifier: string, typeOnly: boolean) => {
    const external = !specifier.startsWith('.');
    const to = external
      ? specifier
      : normalize(join(dirname(file), specifier))
          .split('\\')
          .join('/');
    edges.push({ from: file, to, typeOnly, external });
  };
  for (const match of source.matchAll(STATIC)) add(match[3]!, match[2] !== undefined);
  for (const match of source.matchAll(DYNAMIC)) add(match[1]!, false);
  return edges;
}

/** Every import of every .ts file under `srcDir`. */
export function scanTree(srcDir: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        edges.push(...importsOf(relative(srcDir, path).split('\\').join('/'), readFileSync(path, 'utf8')));
      }
    }
  };
  walk(srcDir);
  return edges;
}

/** The module of a file under src/ ('persons'), or undefined for a root file. */
export function moduleOf(file: string): string | undefined {
  const slash = file.indexOf('/');
  return slash < 0 ? undefined : file.slice(0, slash);
}

/** The module graph: module → the modules it imports. */
export function moduleGraph(edges: readonly ImportEdge[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const edge of edges) {
    const from = moduleOf(edge.from);
    if (from === undefined) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    const to = edge.external ? undefined : moduleOf(edge.to);
    if (to !== undefined && to !== from) graph.get(from)!.add(to);
  }
  return graph;
}

/** The cycles of a graph: its strongly connected components of more than one node (Tarjan). */
export function cyclesOf(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components;
}

/** Everything that breaks the layering rule, one sentence each; empty when the tree keeps it. */
export function layeringViolations(edges: readonly ImportEdge[]): string[] {
  const violations: string[] = [];
  for (const cycle of cyclesOf(moduleGraph(edges))) {
    const between = edges.filter((edge) => {
      const from = moduleOf(edge.from);
      const to = edge.external ? undefined : moduleOf(edge.to);
      return (
        from !== to && from !== undefined && to !== undefined && cycle.includes(from) && cycle.includes(to)
      );
    });
    violations.push(
      `cycle between modules ${cycle.join(', ')}: ${between.map((edge) => `${edge.from} → ${edge.to}`).join('; ')}`,
    );
  }
  for (const edge of edges) {
    const from = moduleOf(edge.from);
    const to = edge.external ? undefined : moduleOf(edge.to);
    if (from === 'domain' && to !== 'domain') {
      violations.push(`domain/ imports outside itself: ${edge.from} → ${edge.to}`);
    }
    if (edge.external) continue;
    if (to !== undefined && to !== from && edge.to !== `${to}/index.ts`) {
      violations.push(`${edge.from} imports ${edge.to}, not ${to}/index.ts`);
    }
    if (from !== undefined && to === undefined && !KERNEL.includes(edge.to)) {
      violations.push(`module file ${edge.from} imports the composition root's ${edge.to}`);
    }
    if (from === undefined && KERNEL.includes(edge.from) && to !== undefined && !edge.typeOnly) {
      violations.push(`kernel file ${edge.from} imports ${edge.to} for more than its types`);
    }
  }
  return violations;
}
