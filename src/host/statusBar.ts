/** The coverage figure in the status bar; clicking it reveals the view. */
import * as vscode from 'vscode';
import { readPresentation } from './config';
import { Commands, CONFIG_SECTION } from './constants';
import type { IndexService } from './indexService';
import { coverageOf, coverageText } from './present';

export function registerStatusBar(index: IndexService): { item: vscode.StatusBarItem; disposables: vscode.Disposable[] } {
  const item = vscode.window.createStatusBarItem('guardCoverage.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Guard Coverage';
  item.command = Commands.showView;

  const update = () => {
    const enabled = readPresentation().statusBarEnabled;
    const snapshot = index.snapshot;
    if (!enabled || (index.state !== 'indexing' && !snapshot.routes.length)) {
      item.hide();
      return;
    }
    if (index.state === 'indexing' && !snapshot.routes.length) {
      item.text = '$(sync~spin) Guard Coverage';
      item.tooltip = 'Guard Coverage: indexing routes';
      item.backgroundColor = undefined;
    } else {
      const c = coverageOf(snapshot.routes.map((e) => e.route));
      item.text = `$(shield) ${coverageText(c)}`;
      item.tooltip = `Guard Coverage: ${c.total} routes, ${c.protected} protected, ${c.public} public, ${c.unprotected} unprotected, ${c.unknown} unknown. Click to show the routes.`;
      item.backgroundColor = c.unprotected ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    }
    item.show();
  };
  update();

  return {
    item,
    disposables: [
      item,
      index.onDidChangeIndex(update),
      index.onDidChangeState(update),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${CONFIG_SECTION}.statusBar.enabled`)) update();
      }),
    ],
  };
}
