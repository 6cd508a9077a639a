/**
 * Going to code from the tree, lenses and hovers: open a handler, open a guard's class, show a
 * route's chain (or a controller's routes) as a quick pick with links to their source.
 */
import * as vscode from 'vscode';
import type { AppIndex, SourceLocation } from '../core/model';
import { Commands } from './constants';
import { locationOf } from './convert';
import type { IndexService } from './indexService';
import { VERDICT_ICON, controllerSummary, rolesText, routeLabel, routeSummary, verdictOf } from './present';

export async function openLocation(app: AppIndex, at: SourceLocation): Promise<void> {
  const loc = locationOf(app, at);
  await vscode.window.showTextDocument(loc.uri, { selection: new vscode.Range(loc.range.start, loc.range.start), preview: true });
}

interface LocatedPick extends vscode.QuickPickItem {
  app?: AppIndex;
  at?: SourceLocation;
}

export function registerNavigation(index: IndexService): vscode.Disposable[] {
  // Commands get a route id (lenses, hovers) or a tree node (context menus).
  const routeOr = (arg: unknown) => {
    const id = typeof arg === 'string' ? arg : (arg as { entry?: { route?: { id?: string } } } | undefined)?.entry?.route?.id;
    const entry = id ? index.snapshot.route(id) : undefined;
    if (!entry) void vscode.window.showWarningMessage('Guard Coverage: that route is no longer in the index.');
    return entry;
  };

  const pickAndOpen = async (items: LocatedPick[], title: string) => {
    const picked = await vscode.window.showQuickPick(items, { title, matchOnDescription: true, matchOnDetail: true });
    if (picked?.app && picked.at) await openLocation(picked.app, picked.at);
  };

  return [
    vscode.commands.registerCommand(Commands.openRoute, async (id: string) => {
      const e = routeOr(id);
      if (e) await openLocation(e.app, e.route);
    }),
    vscode.commands.registerCommand(Commands.openGuard, async (id: string, position: number) => {
      const e = routeOr(id);
      const guard = e?.route.guards[position];
      if (!e || !guard) return;
      if (guard.declaredAt) await openLocation(e.app, guard.declaredAt);
      else {
        void vscode.window.showInformationMessage(`Guard Coverage: the class of ${guard.name} was not found; showing where it is attached.`);
        await openLocation(e.app, guard.attachedAt);
      }
    }),
    vscode.commands.registerCommand(Commands.showChain, async (id: unknown) => {
      const e = routeOr(id);
      if (!e) return;
      const { route, app } = e;
      const verdict = verdictOf(route);
      const items: LocatedPick[] = [
        {
          label: `$(${VERDICT_ICON[verdict].icon}) ${routeLabel(route)}`,
          description: verdict,
          detail: route.why ?? routeSummary(route),
          app,
          at: route,
        },
      ];
      if (route.guards.length) items.push({ label: 'Guard chain (execution order)', kind: vscode.QuickPickItemKind.Separator });
      route.guards.forEach((g, i) => {
        items.push({
          label: `$(key) ${i + 1}. ${g.name}`,
          description: `${g.level} · ${g.source}`,
          detail: g.declaredAt ? `class in ${g.declaredAt.file}:${g.declaredAt.line}` : `attached at ${g.attachedAt.file}:${g.attachedAt.line} (class not found)`,
          app,
          at: g.declaredAt ?? g.attachedAt,
        });
      });
      if (route.interceptors.length) items.push({ label: 'Interceptors (run after every guard)', kind: vscode.QuickPickItemKind.Separator });
      route.interceptors.forEach((ic, i) => {
        const source = route.protection?.find((s) => s.origin === 'interceptor' && s.name === ic.name);
        items.push({
          label: `$(debug-step-into) ${i + 1}. ${ic.name}`,
          description: `${ic.level} · ${ic.source}${source ? ` · ${source.kind}` : ' · refuses no request'}`,
          detail: ic.declaredAt ? `class in ${ic.declaredAt.file}:${ic.declaredAt.line}` : `attached at ${ic.attachedAt.file}:${ic.attachedAt.line} (class not found)`,
          app,
          at: ic.declaredAt ?? ic.attachedAt,
        });
      });
      const extra: LocatedPick[] = [];
      if (route.roles.length) {
        const roleEntry = route.metadata.find((m) => m.kind === 'roles');
        extra.push({
          label: `$(person) roles: ${rolesText(route)}`,
          description: route.rolesEnforcedBy?.length ? `enforced by ${route.rolesEnforcedBy.join(', ')}` : route.rolesEnforcedBy ? 'enforced by no guard' : undefined,
          app,
          at: roleEntry?.at,
        });
      }
      if (route.public) {
        const pub = route.metadata.find((m) => m.kind === 'public');
        const honoured = route.publicHonouredBy?.length ? `honoured by ${route.publicHonouredBy.join(', ')}` : '';
        const ignored = route.publicIgnoredBy?.length ? `ignored by ${route.publicIgnoredBy.join(', ')}` : '';
        extra.push({ label: '$(globe) public', description: [honoured, ignored].filter(Boolean).join('; ') || undefined, app, at: pub?.at });
      }
      if (route.ownership) {
        extra.push({
          label: `$(account) ownership: ${route.ownership.kind}`,
          description: route.ownership.detail,
          app,
          at: route.ownership.at,
        });
      }
      for (const m of route.middleware ?? []) {
        extra.push({ label: `$(layers) middleware ${m.name}`, description: m.authentication ? 'authenticates' : undefined, app, at: m.at });
      }
      if (extra.length) items.push({ label: 'Metadata', kind: vscode.QuickPickItemKind.Separator }, ...extra);
      await pickAndOpen(items, `Guard chain of ${routeLabel(route)}`);
    }),
    vscode.commands.registerCommand(Commands.showControllerRoutes, async (file: string, controller: string) => {
      const entries = index.snapshot.routesIn(file).filter((e) => e.route.controller === controller);
      if (!entries.length) return;
      const items: LocatedPick[] = entries.map(({ route, app }) => ({
        label: `$(${VERDICT_ICON[verdictOf(route)].icon}) ${routeLabel(route)}`,
        description: verdictOf(route),
        detail: routeSummary(route),
        app,
        at: route,
      }));
      await pickAndOpen(items, `${controller}: ${controllerSummary(entries.map((e) => e.route))}`);
    }),
  ];
}
