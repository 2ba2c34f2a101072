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

/**
 * The layers, bottom to top, and the layers each may import (its own folder is always allowed).
 * `shared/` is pure TypeScript for the browser, Node and workers; `renderer/` runs sandboxed. In
 * the main process a log line or a command goes up the stack transport → session → (logs, model,
 * symbols) → commands → app → host/mcp → main.ts/cli, and no layer reaches up: interfaces a lower layer
 * implements for a higher one (ports) live in `electron/ports`. Only the composition root
 * (`electron/app`) and the CLI's `hds sim` reach the simulator; production layers below get it
 * injected. Folders not listed (bench/, build/, test/) are tools and may import anything.
 */
const BELOW_COMMANDS = ['shared', 'electron/transport', 'electron/session', 'electron/ports'];
const MAIN_PROCESS = [
  ...BELOW_COMMANDS,
  'electron/logs',
  'electron/model',
  'electron/symbols',
  'electron/commands',
  'electron/app',
  'electron/host',
];
export const LAYER_MATRIX: Readonly<Record<string, readonly string[]>> = {
  shared: [],
  renderer: ['shared'],
  simulator: ['shared'],
  'electron/transport': ['shared'],
  'electron/session': ['shared', 'electron/transport'],
  'electron/ports': ['shared', 'electron/session'],
  'electron/logs': BELOW_COMMANDS,
  'electron/model': BELOW_COMMANDS,
  'electron/symbols': BELOW_COMMANDS,
  'electron/commands': [...BELOW_COMMANDS, 'electron/logs', 'electron/model', 'electron/symbols'],
  'electron/app': [...MAIN_PROCESS.slice(0, -2), 'simulator'],
  'electron/host': MAIN_PROCESS.slice(0, -1),
  'electron/mcp': MAIN_PROCESS.slice(0, -1),
  'electron/main': MAIN_PROCESS,
  'electron/preload': ['shared'],
  'electron/cli': [...MAIN_PROCESS, 'electron/mcp', 'simulator', 'build'],
  bin: ['electron/cli'],
};

/** Layers that may import the `electron` package (the Electron shell; everything else runs in plain Node too). */
const ELECTRON_PACKAGE_LAYERS = new Set(['electron/main', 'electron/preload', 'electron/host']);

/** The layer a path belongs to: `electron/<folder>` (or `electron/main`, `electron/preload`), else its top folder. */
export function layerOf(root: string, absolute: string): string {
  const parts = path.relative(root, absolute).split(path.sep);
  const top = parts[0] ?? '';
  if (top !== 'electron' || parts.length < 2) return top;
  return `electron/${(parts[1] ?? '').replace(/\.[^.]+$/, '')}`;
}

export function checkImport(root: string, file: string, specifier: string): string | undefined {
  const layer = layerOf(root, file);
  const allowed = LAYER_MATRIX[layer];
  if (!allowed) return undefined;
  const bare = specifier.split('/')[0] ?? specifier;
  const pure = layer === 'shared' || layer === 'renderer';
  if (pure && (NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(bare) || specifier.startsWith('node:'))) {
    return `${layer}/ must not import Node built-in '${specifier}'`;
  }
  if (bare === 'electron' && !ELECTRON_PACKAGE_LAYERS.has(layer)) return `${layer}/ must not import electron`;
  if (specifier.startsWith('.')) {
    const target = layerOf(root, path.resolve(path.dirname(file), specifier));
    if (target !== layer && !allowed.includes(target)) {
      return `${layer}/ must not import from ${target}/ ('${specifier}'); it may import ${allowed.join(', ') || 'nothing outside itself'}`;
    }
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
