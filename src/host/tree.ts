/**
 * The coverage tree: app > controller | module | guard | verdict > route > guards.
 * Reads the index snapshot only; refreshes once per index change.
 */
import * as vscode from 'vscode';
import type { AppIndex, GuardRef, Verdict } from '../core/model';
import { GROUP_BY_VALUES, readPresentation, type GroupBy } from './config';
import { Commands, CONFIG_SECTION, ContextKeys, ContextValues, StateKeys, VIEW_ID } from './constants';
import { markdownLink } from './convert';
import type { IndexedRoute, IndexService, IndexSnapshot } from './indexService';
import { envSummary } from '../core/report/envSummary';
import {
  VERDICT_ICON, VERDICTS, controllerSummary, coverageOf, coverageText, roleNames, routeLabel, routeSummary, verdictOf,
} from './present';

export type TreeNode =
  | { kind: 'app'; id: string; name: string; routes: IndexedRoute[]; app: AppIndex }
  | { kind: 'group'; id: string; groupBy: GroupBy; key: string; routes: IndexedRoute[] }
  | { kind: 'route'; id: string; entry: IndexedRoute }
  | { kind: 'guard'; id: string; entry: IndexedRoute; guard: GuardRef; position: number };

export interface RouteFilter {
  unprotectedOnly?: boolean;
  guard?: string;
  role?: string;
}

const NO_GROUP = '(none)';

export class CoverageTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  groupBy: GroupBy;
  filter: RouteFilter = {};

  constructor(private readonly index: IndexService, initialGroupBy: GroupBy) {
    this.groupBy = initialGroupBy;
  }

  dispose(): void {
    this.emitter.dispose();
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  get filtered(): boolean {
    return !!(this.filter.unprotectedOnly || this.filter.guard || this.filter.role);
  }

  filterText(): string {
    const parts: string[] = [];
    if (this.filter.unprotectedOnly) parts.push('unprotected');
    if (this.filter.guard) parts.push(`guard ${this.filter.guard}`);
    if (this.filter.role) parts.push(`role ${this.filter.role}`);
    return parts.join(', ');
  }

  matches(e: IndexedRoute): boolean {
    const f = this.filter;
    if (f.unprotectedOnly && verdictOf(e.route) !== 'unprotected') return false;
    if (f.guard && !e.route.guards.some((g) => g.name === f.guard)) return false;
    if (f.role && !e.route.roles.includes(f.role)) return false;
    return true;
  }

  /** The view's description: the coverage figure of the whole index, plus the filter. */
  description(snapshot: IndexSnapshot = this.index.snapshot): string | undefined {
    if (!snapshot.routes.length) return undefined;
    const text = coverageText(coverageOf(snapshot.routes.map((e) => e.route)));
    return this.filtered ? `${text} · filter: ${this.filterText()}` : text;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    const snapshot = this.index.snapshot;
    if (!node) {
      // Several apps share a folder (nest-cli projects, its top-level app): one node each.
      const byApp = new Map<AppIndex, IndexedRoute[]>();
      for (const app of snapshot.apps) byApp.set(app, []);
      for (const e of snapshot.routes) if (this.matches(e)) byApp.get(e.app)?.push(e);
      return snapshot.apps
        .filter((app) => !this.filtered || byApp.get(app)!.length)
        .map((app) => ({ kind: 'app' as const, id: `app:${app.root}:${app.name}`, name: app.name, routes: byApp.get(app)!, app }));
    }
    switch (node.kind) {
      case 'app':
        return this.groups(node);
      case 'group':
        return node.routes.map((entry) => ({ kind: 'route' as const, id: `${node.id}|${entry.route.id}`, entry }));
      case 'route':
        return node.entry.route.guards.map((guard, position) => ({
          kind: 'guard' as const, id: `${node.id}|${position}`, entry: node.entry, guard, position,
        }));
      default:
        return [];
    }
  }

  private groups(app: Extract<TreeNode, { kind: 'app' }>): TreeNode[] {
    const groups = new Map<string, IndexedRoute[]>();
    const add = (key: string, e: IndexedRoute) => {
      const list = groups.get(key);
      if (list) list.push(e);
      else groups.set(key, [e]);
    };
    for (const e of app.routes) {
      const r = e.route;
      switch (this.groupBy) {
        case 'module':
          add(r.module ?? NO_GROUP, e);
          break;
        case 'guard':
          if (!r.guards.length) add(NO_GROUP, e);
          for (const name of new Set(r.guards.map((g) => g.name))) add(name, e);
          break;
        case 'verdict':
          add(verdictOf(r), e);
          break;
        default:
          add(r.controller, e);
      }
    }
    let keys = [...groups.keys()];
    if (this.groupBy === 'verdict') keys = VERDICTS.filter((v) => groups.has(v));
    else keys.sort((a, b) => (a === NO_GROUP ? 1 : b === NO_GROUP ? -1 : a.localeCompare(b)));
    const sourceOrder = (a: IndexedRoute, b: IndexedRoute) =>
      a.route.file.localeCompare(b.route.file) || a.route.line - b.route.line || a.route.path.localeCompare(b.route.path);
    const pathOrder = (a: IndexedRoute, b: IndexedRoute) =>
      a.route.path.localeCompare(b.route.path) || a.route.httpMethod.localeCompare(b.route.httpMethod);
    return keys.map((key) => ({
      kind: 'group' as const,
      id: `${app.id}|${this.groupBy}:${key}`,
      groupBy: this.groupBy,
      key,
      routes: groups.get(key)!.sort(this.groupBy === 'controller' ? sourceOrder : pathOrder),
    }));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'app': {
        const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.id;
        item.contextValue = ContextValues.app;
        item.iconPath = new vscode.ThemeIcon('server-process');
        item.description = node.app.kind === 'not-a-server' ? 'not a server' : coverageText(coverageOf(node.routes.map((e) => e.route)));
        // Which configuration produced what is shown: the env files read and the variables used.
        item.tooltip = `${node.app.kind === 'not-a-server' ? 'Not a server: its entry never creates an HTTP app or microservice.\n' : ''}${envSummary(node.app.env)}`;
        return item;
      }
      case 'group': {
        const label = node.key === NO_GROUP ? (node.groupBy === 'guard' ? '(no guard)' : '(no module)') : node.key;
        const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.id;
        item.contextValue = ContextValues.group;
        item.description = controllerSummary(node.routes.map((e) => e.route));
        if (node.groupBy === 'verdict') {
          const v = VERDICT_ICON[node.key as Verdict];
          item.iconPath = new vscode.ThemeIcon(v.icon, new vscode.ThemeColor(v.color));
        } else {
          item.iconPath = new vscode.ThemeIcon(
            node.groupBy === 'module' ? 'symbol-module' : node.groupBy === 'guard' ? 'shield' : 'symbol-class',
          );
        }
        return item;
      }
      case 'route':
        return routeItem(node);
      case 'guard':
        return guardItem(node);
    }
  }
}

function routeItem(node: Extract<TreeNode, { kind: 'route' }>): vscode.TreeItem {
  const { route, app } = node.entry;
  const verdict = verdictOf(route);
  const item = new vscode.TreeItem(
    routeLabel(route),
    route.guards.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.id = node.id;
  item.contextValue = `${ContextValues.route}.${verdict}`;
  const icon = VERDICT_ICON[verdict];
  item.iconPath = new vscode.ThemeIcon(icon.icon, new vscode.ThemeColor(icon.color));
  item.description = routeSummary(route);
  item.accessibilityInformation = { label: `${routeLabel(route)}, ${verdict}, ${routeSummary(route)}` };
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${routeLabel(route)}** · $(${icon.icon}) ${verdict}\n\n`);
  md.appendMarkdown(`\`${route.controller}.${route.handler}\` in [${route.file}:${route.line}](${markdownLink(app, route)})\n\n`);
  if (route.why) md.appendMarkdown(`*Why:* ${escape(route.why)}\n\n`);
  if (route.guards.length) {
    md.appendMarkdown('Guard chain, in execution order:\n\n');
    route.guards.forEach((g, i) => md.appendMarkdown(`${i + 1}. \`${g.name}\` (${escape(g.source)})\n`));
    md.appendMarkdown('\n');
  } else {
    md.appendMarkdown('No guard runs on this route.\n\n');
  }
  if (route.roles.length) md.appendMarkdown(`Roles: ${roleNames(route).map((r) => `\`${r}\``).join(', ')}\n\n`);
  if (route.condition) md.appendMarkdown(`Only when \`${escape(route.condition)}\`\n\n`);
  item.tooltip = md;
  item.command = { command: Commands.openRoute, title: 'Open Handler', arguments: [route.id] };
  return item;
}

function guardItem(node: Extract<TreeNode, { kind: 'guard' }>): vscode.TreeItem {
  const g = node.guard;
  const item = new vscode.TreeItem(g.name, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.contextValue = ContextValues.guard;
  item.iconPath = new vscode.ThemeIcon('key');
  item.description = `${node.position + 1} · ${g.level} · ${g.source}`;
  item.tooltip = g.declaredAt
    ? `${g.name}: ${g.source}; declared in ${g.declaredAt.file}:${g.declaredAt.line}`
    : `${g.name}: ${g.source}; class not found by the analyzer`;
  item.command = { command: Commands.openGuard, title: 'Open Guard', arguments: [node.entry.route.id, node.position] };
  return item;
}

function escape(s: string): string {
  return s.replace(/[\\`*_{}[\]<>]/g, (c) => `\\${c}`);
}

/** Creates the view and its toolbar commands. */
export function registerTree(
  context: vscode.ExtensionContext,
  index: IndexService,
): { provider: CoverageTreeProvider; view: vscode.TreeView<TreeNode>; disposables: vscode.Disposable[] } {
  const saved = context.workspaceState.get<GroupBy>(StateKeys.groupBy);
  const provider = new CoverageTreeProvider(index, saved && GROUP_BY_VALUES.includes(saved) ? saved : readPresentation().groupBy);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });

  const update = () => {
    view.description = provider.description();
    void vscode.commands.executeCommand('setContext', ContextKeys.filtered, provider.filtered);
    void vscode.commands.executeCommand('setContext', ContextKeys.groupBy, provider.groupBy);
    provider.refresh();
  };
  update();

  const pickFrom = async (values: string[], placeHolder: string) => {
    if (!values.length) {
      void vscode.window.showInformationMessage('Guard Coverage: nothing to filter by yet.');
      return undefined;
    }
    return vscode.window.showQuickPick(values.sort((a, b) => a.localeCompare(b)), { placeHolder });
  };

  const disposables: vscode.Disposable[] = [
    provider,
    view,
    index.onDidChangeIndex(update),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${CONFIG_SECTION}.tree.groupBy`) && !context.workspaceState.get(StateKeys.groupBy)) {
        provider.groupBy = readPresentation().groupBy;
        update();
      }
    }),
    vscode.commands.registerCommand(Commands.groupBy, async (mode?: GroupBy) => {
      let choice = mode;
      if (!choice) {
        const picked = await vscode.window.showQuickPick(
          GROUP_BY_VALUES.map((v) => ({ label: v, description: v === provider.groupBy ? 'current' : undefined })),
          { placeHolder: 'Group routes by' },
        );
        choice = picked?.label as GroupBy | undefined;
      }
      if (!choice || !GROUP_BY_VALUES.includes(choice)) return;
      provider.groupBy = choice;
      await context.workspaceState.update(StateKeys.groupBy, choice);
      update();
    }),
    vscode.commands.registerCommand(Commands.filterUnprotected, () => {
      provider.filter = { ...provider.filter, unprotectedOnly: true };
      update();
    }),
    vscode.commands.registerCommand(Commands.clearFilter, () => {
      provider.filter = {};
      update();
    }),
    vscode.commands.registerCommand(Commands.filter, async (filter?: RouteFilter) => {
      if (filter && typeof filter === 'object') {
        provider.filter = { ...filter };
        update();
        return;
      }
      const snapshot = index.snapshot;
      const picked = await vscode.window.showQuickPick(
        [
          { label: 'Unprotected only', id: 'unprotected' },
          { label: 'By guard…', id: 'guard' },
          { label: 'By role…', id: 'role' },
          { label: 'Clear filter', id: 'clear' },
        ],
        { placeHolder: provider.filtered ? `Filter: ${provider.filterText()}` : 'Filter routes' },
      );
      if (!picked) return;
      if (picked.id === 'clear') provider.filter = {};
      else if (picked.id === 'unprotected') provider.filter = { ...provider.filter, unprotectedOnly: true };
      else if (picked.id === 'guard') {
        const guard = await pickFrom([...new Set(snapshot.routes.flatMap((e) => e.route.guards.map((g) => g.name)))], 'Only routes with this guard');
        if (!guard) return;
        provider.filter = { ...provider.filter, guard };
      } else {
        const role = await pickFrom([...new Set(snapshot.routes.flatMap((e) => e.route.roles))], 'Only routes requiring this role');
        if (!role) return;
        provider.filter = { ...provider.filter, role };
      }
      update();
    }),
  ];
  return { provider, view, disposables };
}
