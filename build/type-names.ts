import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * One exported type name, one declaration: two exported types (interfaces, type aliases, classes,
 * enums) with the same name in different modules are either the same fact written twice or two
 * facts a reader cannot tell apart at an import. The IPC contract (`shared/ipc`) keeps the plain
 * names; a layer's own type with another shape gets a name of its own.
 */
export const TYPE_NAME_FOLDERS = ['shared', 'electron', 'renderer', 'simulator'] as const;

const DECLARATION =
  /^export\s+(?:declare\s+)?(?:abstract\s+)?(?:interface|type|class|enum|const\s+enum)\s+([A-Za-z_$][\w$]*)/gm;

/** The exported type names a module declares (re-exports are not declarations). */
export function exportedTypeNames(source: string): string[] {
  return [...source.matchAll(DECLARATION)].map((match) => match[1]!);
}

/** Names declared by more than one file, with the files (relative paths, sorted). */
export function sharedTypeNames(files: ReadonlyMap<string, string>): Map<string, string[]> {
  const declaredIn = new Map<string, Set<string>>();
  for (const [file, source] of files) {
    for (const name of exportedTypeNames(source)) {
      let set = declaredIn.get(name);
      if (!set) declaredIn.set(name, (set = new Set()));
      set.add(file);
    }
  }
  const shared = new Map<string, string[]>();
  for (const [name, set] of [...declaredIn].sort(([a], [b]) => a.localeCompare(b))) {
    if (set.size > 1) shared.set(name, [...set].sort());
  }
  return shared;
}

/** The product's TypeScript sources under the folders above and `extra` ones (tests excluded), by relative path. */
export function productSources(root: string, extra: readonly string[] = []): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(full);
      } else if (
        /\.tsx?$/.test(entry.name) &&
        !/\.test\.tsx?$/.test(entry.name) &&
        !entry.name.endsWith('.d.ts')
      ) {
        files.set(path.relative(root, full).split(path.sep).join('/'), readFileSync(full, 'utf8'));
      }
    }
  };
  for (const folder of [...TYPE_NAME_FOLDERS, ...extra]) walk(path.join(root, folder));
  return files;
}
