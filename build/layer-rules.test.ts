import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findViolations, LAYER_MATRIX, layerOf } from './layer-rules';

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

  it('finds the layer of a file: electron/<folder>, electron/main, else the top folder', () => {
    expect(layerOf(root, path.join(root, 'electron/session/session.ts'))).toBe('electron/session');
    expect(layerOf(root, path.join(root, 'electron/main.ts'))).toBe('electron/main');
    expect(layerOf(root, path.join(root, 'simulator/debuggee.ts'))).toBe('simulator');
  });
  it('rejects every main-process import that reaches up the stack', () => {
    const file = (layer: string) => path.join(root, layer, 'x.ts');
    const upward: Array<[string, string]> = [
      ['electron/transport', '../session/session'],
      ['electron/session', '../commands/dispatcher'],
      ['electron/session', '../model/events-model'],
      ['electron/ports', '../logs/log-store'],
      ['electron/model', '../commands/types'],
      ['electron/logs', '../model/events-model'],
      ['electron/symbols', '../commands/numbers'],
      ['electron/commands', '../app/wiring'],
      ['electron/app', '../host/session-backend'],
      ['electron/host', '../cli/main'],
      ['electron/host', '../main'],
    ];
    for (const [layer, specifier] of upward) {
      const found = findViolations(root, file(layer), `import type { X } from '${specifier}';`);
      expect(found, `${layer} -> ${specifier}`).toHaveLength(1);
      expect(found[0]?.reason).toMatch(/must not import from electron\//);
    }
  });
  it('keeps the simulator out of the production layers: only electron/app and the CLI inject it', () => {
    for (const layer of ['electron/transport', 'electron/session', 'electron/commands', 'electron/host']) {
      const found = findViolations(
        root,
        path.join(root, layer, 'x.ts'),
        "import { S } from '../../simulator/runner';",
      );
      expect(found, layer).toHaveLength(1);
    }
    expect(
      findViolations(
        root,
        path.join(root, 'electron/app/x.ts'),
        "import { S } from '../../simulator/runner';",
      ),
    ).toEqual([]);
    expect(
      findViolations(root, path.join(root, 'electron/cli/c/x.ts'), "import { S } from '../../../simulator';"),
    ).toEqual([]);
    expect(
      findViolations(
        root,
        path.join(root, 'simulator/x.ts'),
        "import { D } from '../electron/session/link';",
      ),
    ).toHaveLength(1);
  });
  it('allows imports down the stack and within a layer', () => {
    const cases: Array<[string, string]> = [
      ['electron/session/x.ts', '../transport/transport'],
      ['electron/model/x.ts', '../ports/services'],
      ['electron/commands/events/x.ts', '../../model/pool-ledger'],
      ['electron/app/x.ts', '../commands/dispatcher'],
      ['electron/host/x.ts', '../app/wiring'],
      ['electron/main.ts', './host/studio-host'],
      ['electron/cli/commands/x.ts', '../../app/wiring'],
      ['electron/session/testing/x.ts', '../link'],
    ];
    for (const [file, specifier] of cases) {
      expect(findViolations(root, path.join(root, file), `import { X } from '${specifier}';`), file).toEqual(
        [],
      );
    }
  });
  it('lets only the Electron shell import the electron package', () => {
    expect(
      findViolations(root, path.join(root, 'electron/host/x.ts'), "import { ipcMain } from 'electron';"),
    ).toEqual([]);
    expect(
      findViolations(root, path.join(root, 'electron/session/x.ts'), "import { app } from 'electron';"),
    ).toHaveLength(1);
  });
  it('every allowed layer is itself a layer of the matrix or a tool folder', () => {
    for (const allowed of Object.values(LAYER_MATRIX)) {
      for (const layer of allowed) expect(layer in LAYER_MATRIX || layer === 'build', layer).toBe(true);
    }
  });
});
