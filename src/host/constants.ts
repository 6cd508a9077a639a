/**
 * Every id the extension contributes or registers, in one place, with one prefix.
 * test/host/contributions.test.ts checks package.json against these lists, both ways.
 */
export const EXTENSION_ID = 'guard-coverage.nest-guard-coverage';
export const PREFIX = 'guardCoverage';
export const CONFIG_SECTION = PREFIX;
export const DIAGNOSTIC_SOURCE = 'guard-coverage';
export const OUTPUT_CHANNEL = 'Guard Coverage';

export const VIEW_CONTAINER_ID = 'guardCoverage';
export const VIEW_ID = 'guardCoverage.routes';

export const Commands = {
  refresh: 'guardCoverage.refresh',
  showReport: 'guardCoverage.showReport',
  exportSarif: 'guardCoverage.exportSarif',
  exportJson: 'guardCoverage.exportJson',
  copyCurl: 'guardCoverage.copyCurl',
  groupBy: 'guardCoverage.groupBy',
  filter: 'guardCoverage.filter',
  filterUnprotected: 'guardCoverage.filterUnprotected',
  clearFilter: 'guardCoverage.clearFilter',
  showView: 'guardCoverage.showView',
  protectRoute: 'guardCoverage.protectRoute',
  addRoles: 'guardCoverage.addRoles',
  // Internal: invoked from tree items, lenses and hovers (hidden from the palette).
  openRoute: 'guardCoverage.openRoute',
  openGuard: 'guardCoverage.openGuard',
  showChain: 'guardCoverage.showChain',
  showControllerRoutes: 'guardCoverage.showControllerRoutes',
  applyFix: 'guardCoverage.applyFix',
} as const;

/** Commands that need an argument; package.json hides them from the palette. */
export const INTERNAL_COMMANDS: readonly string[] = [
  Commands.openRoute,
  Commands.openGuard,
  Commands.showChain,
  Commands.showControllerRoutes,
  Commands.applyFix,
];

export const ContextKeys = {
  /** 'indexing' | 'empty' | 'ready' | 'error' */
  state: 'guardCoverage.state',
  filtered: 'guardCoverage.filtered',
  groupBy: 'guardCoverage.groupBy',
} as const;

/** Tree item contextValues (menus in package.json match on them). */
export const ContextValues = {
  app: 'app',
  group: 'group',
  route: 'route',
  guard: 'guard',
} as const;

/** Keys of workspaceState. */
export const StateKeys = {
  groupBy: 'guardCoverage.groupBy',
} as const;

/** Debounce for edits, saves and file events before a re-index. */
export const DEBOUNCE_MS = 250;
