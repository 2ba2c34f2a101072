// The dock layout: four areas (left, center, right, bottom), each a tab stack of panes, with
// splitter positions (fractions of the window) and the theme. Pure functions over a plain object, persisted as JSON in
// localStorage; anything unreadable or from an older version falls back to the default.

export const PANE_IDS = [
  'connect',
  'console',
  'events',
  'pools',
  'logs',
  'script',
  'registers',
  'memory',
  'disassembly',
  'callstack',
  'breakpoints',
  'processes',
] as const;
export type PaneId = (typeof PANE_IDS)[number];

export const AREA_IDS = ['left', 'center', 'right', 'bottom'] as const;
export type AreaId = (typeof AREA_IDS)[number];

export const PANE_TITLES: Record<PaneId, string> = {
  connect: 'Connect',
  console: 'Console',
  events: 'Events',
  pools: 'Pools',
  logs: 'Logs',
  script: 'Script',
  registers: 'Registers',
  memory: 'Memory',
  disassembly: 'Disassembly',
  callstack: 'Call stack',
  breakpoints: 'Breakpoints',
  processes: 'Processes',
};

export interface AreaState {
  readonly panes: readonly PaneId[];
  readonly active: PaneId | null;
}

/** The splitters: the left and right columns' widths, the bottom row's height. */
export type Split = 'left' | 'right' | 'bottom';

export interface Layout {
  readonly version: 2;
  readonly areas: Readonly<Record<AreaId, AreaState>>;
  /**
   * Splitter positions as fractions of the window (left/right of its width, bottom of its
   * height), so a layout made on a large screen keeps its proportions on a small one.
   */
  readonly fractions: Readonly<Record<Split, number>>;
  /** Side columns folded to a narrow strip (double-click a splitter, or Enter on it). */
  readonly collapsed: Readonly<Record<'left' | 'right', boolean>>;
  readonly theme: 'dark' | 'light';
}

/** Bounds of each fraction; the two side columns together leave at least 30% to the center. */
export const FRACTION_BOUNDS: Readonly<Record<Split, readonly [number, number]>> = {
  left: [0.08, 0.45],
  right: [0.08, 0.45],
  bottom: [0.1, 0.7],
};
export const MAX_SIDES = 0.7;

/** Where the grid stops honouring the fractions: the center column keeps this many pixels. */
const CENTER_MIN_PX = 700;
const SIDE_MIN_PX = 220;
const COLLAPSED_PX = 26;

/** The window size the version-1 (pixel) layouts are converted with. */
const V1_REFERENCE = { width: 1600, height: 1000 };

export function defaultLayout(): Layout {
  return {
    version: 2,
    areas: {
      left: { panes: ['registers', 'callstack', 'breakpoints'], active: 'registers' },
      center: { panes: ['disassembly', 'memory', 'script', 'processes'], active: 'disassembly' },
      right: { panes: ['connect', 'events', 'pools'], active: 'connect' },
      bottom: { panes: ['console', 'logs'], active: 'console' },
    },
    fractions: { left: 0.2, right: 0.3, bottom: 0.3 },
    collapsed: { left: false, right: false },
    theme: 'dark',
  };
}

export function areaOf(layout: Layout, pane: PaneId): AreaId {
  for (const area of AREA_IDS) if (layout.areas[area].panes.includes(pane)) return area;
  return 'center';
}

/** Makes a pane the visible tab of its area. */
export function activatePane(layout: Layout, pane: PaneId): Layout {
  const area = areaOf(layout, pane);
  return { ...layout, areas: { ...layout.areas, [area]: { ...layout.areas[area], active: pane } } };
}

/** Docks a pane into another area (as its active tab). */
export function movePane(layout: Layout, pane: PaneId, to: AreaId): Layout {
  const from = areaOf(layout, pane);
  if (from === to) return activatePane(layout, pane);
  const fromPanes = layout.areas[from].panes.filter((p) => p !== pane);
  const fromActive = layout.areas[from].active === pane ? (fromPanes[0] ?? null) : layout.areas[from].active;
  return {
    ...layout,
    areas: {
      ...layout.areas,
      [from]: { panes: fromPanes, active: fromActive },
      [to]: { panes: [...layout.areas[to].panes, pane], active: pane },
    },
  };
}

/** Sets one splitter (a fraction), within its bounds and leaving the center its share. */
export function resize(layout: Layout, which: Split, fraction: number): Layout {
  const fractions = clampFractions({ ...layout.fractions, [which]: fraction }, which);
  const collapsed = which === 'bottom' ? layout.collapsed : { ...layout.collapsed, [which]: false };
  return { ...layout, fractions, collapsed };
}

export function toggleCollapsed(layout: Layout, side: 'left' | 'right'): Layout {
  return { ...layout, collapsed: { ...layout.collapsed, [side]: !layout.collapsed[side] } };
}

function clampFractions(raw: Record<Split, number>, changed: Split | null): Record<Split, number> {
  const clamp = (which: Split, v: number) => {
    const [lo, hi] = FRACTION_BOUNDS[which];
    return Math.round(Math.min(hi, Math.max(lo, Number.isFinite(v) ? v : lo)) * 1000) / 1000;
  };
  const out = {
    left: clamp('left', raw.left),
    right: clamp('right', raw.right),
    bottom: clamp('bottom', raw.bottom),
  };
  const excess = out.left + out.right - MAX_SIDES;
  if (excess > 0) {
    // The side being dragged stops where the center's share begins (the right one on a load).
    const give: 'left' | 'right' = changed === 'left' ? 'left' : 'right';
    out[give] = Math.round((out[give] - excess) * 1000) / 1000;
  }
  return out;
}

/**
 * The window grid's column and row templates. The sides are flexible shares with a floor, the
 * center keeps CENTER_MIN_PX: on a narrow window the sides shrink first, so the disassembly stays
 * readable whatever was dragged on a wide one.
 */
export function gridTemplate(layout: Layout): { columns: string; rows: string } {
  const { left, right, bottom } = layout.fractions;
  const side = (which: 'left' | 'right', share: number) =>
    layout.collapsed[which] ? `${COLLAPSED_PX}px` : `minmax(${SIDE_MIN_PX}px, ${fr(share)})`;
  const center = 1 - (layout.collapsed.left ? 0 : left) - (layout.collapsed.right ? 0 : right);
  return {
    columns: `${side('left', left)} 4px minmax(${CENTER_MIN_PX}px, ${fr(center)}) 4px ${side('right', right)}`,
    rows: `auto minmax(120px, ${fr(1 - bottom)}) 4px minmax(90px, ${fr(bottom)}) auto`,
  };
}

/**
 * A share as per-mille `fr`: CSS grid leaves space unused when the flexible tracks left after a
 * floor kicks in sum to less than 1fr, which plain fractions would.
 */
const fr = (share: number) => `${Math.round(share * 1000)}fr`;

export function toggleTheme(layout: Layout): Layout {
  return { ...layout, theme: layout.theme === 'dark' ? 'light' : 'dark' };
}

/**
 * Reads a stored layout. Panes added since it was saved join their default area; a pane listed
 * twice or an unreadable blob gives the default. Version-1 layouts (pixels) are converted as if
 * they were made at 1600×1000.
 */
export function parseLayout(json: string | null): Layout {
  const d = defaultLayout();
  if (!json) return d;
  try {
    const raw = JSON.parse(json) as {
      version?: unknown;
      areas?: Partial<Record<AreaId, { panes?: unknown; active?: unknown }>>;
      fractions?: Partial<Record<Split, unknown>>;
      collapsed?: Partial<Record<'left' | 'right', unknown>>;
      leftWidth?: unknown;
      rightWidth?: unknown;
      bottomHeight?: unknown;
      theme?: unknown;
    };
    if ((raw.version !== 1 && raw.version !== 2) || !raw.areas) return d;
    const seen = new Set<PaneId>();
    const areas = {} as Record<AreaId, AreaState>;
    for (const area of AREA_IDS) {
      const a = raw.areas[area];
      if (!a || !Array.isArray(a.panes)) return d;
      const panes = a.panes.filter((p): p is PaneId => (PANE_IDS as readonly unknown[]).includes(p));
      for (const p of panes) {
        if (seen.has(p)) return d;
        seen.add(p);
      }
      const active = panes.find((p) => p === a.active) ?? panes[0] ?? null;
      areas[area] = { panes, active };
    }
    for (const pane of PANE_IDS) {
      if (seen.has(pane)) continue;
      const home = areaOf(d, pane);
      areas[home] = { panes: [...areas[home].panes, pane], active: areas[home].active ?? pane };
    }
    const number = (v: unknown, fallback: number) =>
      typeof v === 'number' && Number.isFinite(v) ? v : fallback;
    const fractions =
      raw.version === 2
        ? {
            left: number(raw.fractions?.left, d.fractions.left),
            right: number(raw.fractions?.right, d.fractions.right),
            bottom: number(raw.fractions?.bottom, d.fractions.bottom),
          }
        : {
            left: number(raw.leftWidth, 0) / V1_REFERENCE.width || d.fractions.left,
            right: number(raw.rightWidth, 0) / V1_REFERENCE.width || d.fractions.right,
            bottom: number(raw.bottomHeight, 0) / V1_REFERENCE.height || d.fractions.bottom,
          };
    return {
      version: 2,
      areas,
      fractions: clampFractions(fractions, null),
      collapsed: { left: raw.collapsed?.left === true, right: raw.collapsed?.right === true },
      theme: raw.theme === 'light' ? 'light' : 'dark',
    };
  } catch {
    return d;
  }
}
