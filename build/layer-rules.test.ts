import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findViolations } from './layer-rules';

const root = '/repo';
const inShared = path.join(root, 'shared/protocol/x.ts');
const inRenderer = path.join(root, 'renderer/src/y.tsx');
const inElectron = path.join(root, 'electron/z.ts');

describe('layer rules', () => {
  it('rejects Node built-ins in shared/ and renderer/', () => {
    expect(findViolations(root, inShared, "import fs from 'node:fs';")).toHaveLength(1);
    expect(findViolations(root, inShared, "import { join } from 'path';")).toHaveLength(1);
    expect(findViolations(root, inRenderer, "const os = require('os');")).toHaveLength(1);
    expect(findViolations(root, inRenderer, "await import('node:net')")).toHaveLength(1);
  });
  it('rejects electron and cross-layer imports', () => {
    expect(findViolations(root, inShared, "import { app } from 'electron';")).toHaveLength(1);
    expect(findViolations(root, inShared, "export * from '../../electron/session';")).toHaveLength(1);
    expect(findViolations(root, inShared, "import { A } from '../../renderer/a';")).toHaveLength(1);
    expect(findViolations(root, inRenderer, "import type { S } from '../../electron/s';")).toHaveLength(1);
  });
  it('allows what the layers may use', () => {
    expect(findViolations(root, inShared, "import { crc } from './checksum';")).toEqual([]);
    expect(findViolations(root, inRenderer, "import { encode } from '../../shared/protocol';")).toEqual([]);
    expect(findViolations(root, inRenderer, "import { create } from 'zustand';")).toEqual([]);
    expect(findViolations(root, inElectron, "import fs from 'node:fs';")).toEqual([]);
  });
  it('reports the line of the violation', () => {
    const [v] = findViolations(root, inShared, "// ok\n\nimport net from 'net';\n");
    expect(v?.line).toBe(3);
  });
});
