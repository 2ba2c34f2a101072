import { builtinModules } from 'node:module';
import path from 'node:path';

/** A forbidden import found in a source file. */
export interface LayerViolation {
  file: string;
  line: number;
  specifier: string;
  reason: string;
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

// Import specifiers in static imports, re-exports, dynamic import() and require().
const IMPORT_PATTERN =
  /(?:\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?|\bexport\s+(?:type\s+)?[\w*{}\s,$]+\s+from\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

function topFolder(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep)[0] ?? '';
}

/**
 * The layering rules of the project: shared/ is pure TypeScript that runs in the browser,
 * in Node and in workers, so it may not reach Node, Electron or the two runtime folders;
 * renderer/ runs sandboxed and may not reach Node, Electron or main-process code.
 */
export function checkImport(root: string, file: string, specifier: string): string | undefined {
  const layer = topFolder(root, file);
  if (layer !== 'shared' && layer !== 'renderer') return undefined;
  const bare = specifier.split('/')[0] ?? specifier;
  if (NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(bare) || specifier.startsWith('node:')) {
    return `${layer}/ must not import Node built-in '${specifier}'`;
  }
  if (bare === 'electron') return `${layer}/ must not import electron`;
  if (specifier.startsWith('.')) {
    const target = topFolder(root, path.resolve(path.dirname(file), specifier));
    const forbidden = layer === 'shared' ? ['electron', 'renderer', 'simulator'] : ['electron', 'simulator'];
    if (forbidden.includes(target)) return `${layer}/ must not import from ${target}/ ('${specifier}')`;
  }
  return undefined;
}

export function findViolations(root: string, file: string, source: string): LayerViolation[] {
  const violations: LayerViolation[] = [];
  for (const match of source.matchAll(IMPORT_PATTERN)) {
    const specifier = match[1]!;
    const reason = checkImport(root, file, specifier);
    if (reason) {
      const line = source.slice(0, match.index).split('\n').length;
      violations.push({ file: path.relative(root, file), line, specifier, reason });
    }
  }
  return violations;
}
