import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportedTypeNames, productSources, sharedTypeNames } from './type-names';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('exported type names', () => {
  it('finds interfaces, type aliases, classes and enums, not re-exports or values', () => {
    const source = [
      'export interface A {}',
      'export type B = string;',
      'export class C {}',
      'export abstract class D {}',
      'export enum E { X }',
      'export const enum F { Y }',
      'export declare class G {}',
      'export const H = 1;',
      "export type { I } from './i';",
      'interface J {}',
    ].join('\n');
    expect(exportedTypeNames(source)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
  });

  it('reports a name two modules declare, whatever their shapes', () => {
    const files = new Map([
      ['electron/session/link.ts', 'export interface PausedContext { rip: bigint }'],
      [
        'shared/ipc/model.ts',
        'export const PausedContext = z.object({});\nexport type PausedContext = z.infer<typeof PausedContext>;',
      ],
      ['renderer/x.ts', 'export type Only = 1;'],
    ]);
    expect([...sharedTypeNames(files)]).toEqual([
      ['PausedContext', ['electron/session/link.ts', 'shared/ipc/model.ts']],
    ]);
  });

  it('no two product modules export a type of the same name', () => {
    const shared = sharedTypeNames(productSources(root));
    expect(
      Object.fromEntries(shared),
      'rename the layer-local type (the IPC contract keeps its name) or import the one definition',
    ).toEqual({});
  });
});
