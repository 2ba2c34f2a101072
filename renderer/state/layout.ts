// The dock layout: four areas (left, center, right, bottom), each a tab stack of panes, with
// splitter sizes and the theme. Pure functions over a plain object, persisted as JSON in
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
};

export interface AreaState {
  readonly panes: readonly PaneId[];
  readonly active: PaneId | null;
}

export interface Layout {
  readonly version: 1;
  readonly areas: Readonly<Record<AreaId, AreaState>>;
  /** Splitter positions in CSS pixels. */
  readonly leftWidth: number;
  readonly rightWidth: number;
  readonly bottomHeight: number;
  readonly theme: 'dark' | 'light';
}

export const MIN_SIZE = 120;
export const MAX_SIZE = 4000;

export function defaultLayout(): Layout {
  return {
    version: 1,
    areas: {
      left: { panes: ['registers', 'callstack', 'breakpoints'], active: 'registers' },
      center: { panes: ['disassembly', 'memory', 'script'], active: 'disassembly' },
      right: { panes: ['connect', 'events', 'pools'], active: 'connect' },
      bottom: { panes: ['console', 'logs'], active: 'console' },
    },
    leftWidth: 300,
    rightWidth: 560,
    bottomHeight: 300,
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

export function resize(
  layout: Layout,
  which: 'leftWidth' | 'rightWidth' | 'bottomHeight',
  px: number,
): Layout {
  const clamped = Math.round(Math.min(MAX_SIZE, Math.max(MIN_SIZE, px)));
  return { ...layout, [which]: clamped };
}

export function toggleTheme(layout: Layout): Layout {
  return { ...layout, theme: layout.theme === 'dark' ? 'light' : 'dark' };
}

/** Reads a stored layout; every pane appears exactly once, else the default is used. */
export function parseLayout(json: string | null): Layout {
  if (!json) return defaultLayout();
  try {
    const raw = JSON.parse(json) as Partial<Layout>;
    if (raw.version !== 1 || !raw.areas) return defaultLayout();
    const seen = new Set<string>();
    const areas = {} as Record<AreaId, AreaState>;
    for (const area of AREA_IDS) {
      const a = raw.areas[area];
      if (!a || !Array.isArray(a.panes)) return defaultLayout();
      const panes = a.panes.filter((p): p is PaneId => (PANE_IDS as readonly string[]).includes(p));
      for (const p of panes) {
        if (seen.has(p)) return defaultLayout();
        seen.add(p);
      }
      areas[area] = { panes, active: a.active && panes.includes(a.active) ? a.active : (panes[0] ?? null) };
    }
    if (seen.size !== PANE_IDS.length) return defaultLayout();
    const size = (v: unknown, d: number) =>
      typeof v === 'number' && Number.isFinite(v) ? Math.min(MAX_SIZE, Math.max(MIN_SIZE, v)) : d;
    const d = defaultLayout();
    return {
      version: 1,
      areas,
      leftWidth: size(raw.leftWidth, d.leftWidth),
      rightWidth: size(raw.rightWidth, d.rightWidth),
      bottomHeight: size(raw.bottomHeight, d.bottomHeight),
      theme: raw.theme === 'light' ? 'light' : 'dark',
    };
  } catch {
    return defaultLayout();
  }
}
