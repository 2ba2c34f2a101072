import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findViolations, LAYER_MATRIX, type LayerViolation } from './layer-rules';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(entry) && !/\.test\.tsx?$/.test(entry)) out.push(full);
  }
  return out;
}

const violations: LayerViolation[] = [];
const checkedFolders = new Set(Object.keys(LAYER_MATRIX).map((layer) => layer.split('/')[0]!));
for (const folder of checkedFolders) {
  for (const file of sourceFiles(path.join(root, folder))) {
    violations.push(...findViolations(root, file, readFileSync(file, 'utf8')));
  }
}
for (const v of violations) console.error(`${v.file}:${v.line}: ${v.reason}`);
if (violations.length > 0) {
  console.error(`layer check failed: ${violations.length} forbidden import(s)`);
  process.exit(1);
}
console.log(`layer check passed: ${[...checkedFolders].join(', ')} follow the layer matrix`);
