/**
 * Hover on a route's decorators or handler name: full path(s), the chain and where each guard came
 * from, roles and who enforces them, public and who honours it, ownership evidence.
 */
import * as vscode from 'vscode';
import type { AnalyzedRoute, AppIndex } from '../core/model';
import { markdownLink } from './convert';
import { decoratorLines } from './decorators';
import type { IndexedRoute, IndexService } from './indexService';
import { VERDICT_ICON, roleNames, routeLabel, verdictOf } from './present';

function escape(s: string): string {
  return s.replace(/[\\`*_{}[\]<>|]/g, (c) => `\\${c}`);
}

export function routeHover(entries: readonly IndexedRoute[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  const { route, app } = entries[0];
  const verdict = verdictOf(route);
  md.appendMarkdown(`$(${VERDICT_ICON[verdict].icon}) **${verdict}** · \`${route.controller}.${route.handler}\`\n\n`);
  for (const e of entries) md.appendMarkdown(`- \`${routeLabel(e.route)}\`${e.route.version ? ` (version ${e.route.version})` : ''}\n`);
  md.appendMarkdown('\n');
  if (route.why) md.appendMarkdown(`${escape(route.why)}\n\n`);
  appendChain(md, app, route);
  if (route.roles.length) {
    const by = route.rolesEnforcedBy === undefined ? '' : route.rolesEnforcedBy.length ? `, enforced by ${route.rolesEnforcedBy.join(', ')}` : ', **enforced by no guard**';
    md.appendMarkdown(`**Roles:** ${roleNames(route).map((r) => `\`${r}\``).join(', ')}${by}\n\n`);
  }
  if (route.public) {
    const parts: string[] = [];
    if (route.publicHonouredBy?.length) parts.push(`honoured by ${route.publicHonouredBy.join(', ')}`);
    if (route.publicIgnoredBy?.length) parts.push(`ignored by ${route.publicIgnoredBy.join(', ')}`);
    md.appendMarkdown(`**Public:** yes${parts.length ? ` (${parts.join('; ')})` : ''}\n\n`);
  }
  if (route.ownership) {
    const o = route.ownership;
    const where = o.at ? ` ([${o.at.file}:${o.at.line}](${markdownLink(app, o.at)}))` : '';
    md.appendMarkdown(`**Ownership:** ${o.kind === 'none' ? 'no evidence of an owner check' : `${o.kind}: ${escape(o.detail)}`}${where}\n\n`);
  }
  for (const m of route.middleware ?? []) {
    md.appendMarkdown(`**Middleware:** \`${m.name}\` from ${m.module}${m.authentication ? ' (authenticates)' : ''}\n\n`);
  }
  if (route.condition) md.appendMarkdown(`**Only when** \`${escape(route.condition)}\` (a run-time condition the analysis could not decide)\n\n`);
  for (const u of route.unresolved) {
    const what = u.expression ? ` \`${escape(u.expression)}\`` : '';
    const where = u.at ? ` ([${u.at.file}:${u.at.line}](${markdownLink(app, u.at)}))` : '';
    md.appendMarkdown(`**${u.affects === 'path' ? 'Path unknown' : 'Unresolved'}:**${what} ${escape(u.reason)}${where}\n\n`);
  }
  return md;
}


function appendChain(md: vscode.MarkdownString, app: AppIndex, route: AnalyzedRoute): void {
  if (!route.guards.length) {
    md.appendMarkdown('No guard runs on this route.\n\n');
    return;
  }
  md.appendMarkdown('**Guards**, in execution order:\n\n');
  route.guards.forEach((g, i) => {
    const via = g.via.length ? ` via ${g.via.map((v) => `@${v}`).join(' → ')}` : '';
    const link = g.declaredAt ? ` · [${g.declaredAt.file}:${g.declaredAt.line}](${markdownLink(app, g.declaredAt)})` : '';
    md.appendMarkdown(`${i + 1}. \`${g.name}\` — ${g.level}, ${escape(g.source)}${via}${link}\n`);
  });
  md.appendMarkdown('\n');
}

export class RouteHoverProvider implements vscode.HoverProvider {
  constructor(private readonly index: IndexService) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): vscode.Hover | undefined {
    const routes = this.index.snapshot.routesIn(document.uri.fsPath);
    if (!routes.length || token.isCancellationRequested) return undefined;
    const wordRange = document.getWordRangeAtPosition(position, /[A-Za-z_$][\w$]*/);
    if (!wordRange) return undefined;
    const word = document.getText(wordRange);
    const byLine = new Map<number, IndexedRoute[]>();
    for (const e of routes) {
      const list = byLine.get(e.route.line);
      if (list) list.push(e);
      else byLine.set(e.route.line, [e]);
    }
    for (const [line, entries] of byLine) {
      const handlerLine0 = line - 1;
      if (handlerLine0 >= document.lineCount) continue;
      const onHandler = position.line === handlerLine0 && word === entries[0].route.handler;
      const before = wordRange.start.character > 0 ? document.lineAt(position.line).text[wordRange.start.character - 1] : '';
      const onDecorator = before === '@' && decoratorLines(document, handlerLine0).includes(position.line);
      if (onHandler || onDecorator) return new vscode.Hover(routeHover(entries), wordRange);
    }
    return undefined;
  }
}

export function registerHover(index: IndexService): vscode.Disposable[] {
  return [vscode.languages.registerHoverProvider({ scheme: 'file', language: 'typescript' }, new RouteHoverProvider(index))];
}
