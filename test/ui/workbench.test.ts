/**
 * UI tests: Playwright drives the real VS Code workbench (the harness in test/e2e/harness) on the
 * fixture app and checks what is drawn. Screenshots go to artifacts/screenshots, or to
 * media/screenshots (the README's) when E2E_UPDATE_SCREENSHOTS=1.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

const ROOT = path.resolve(__dirname, '../../..');
const HARNESS = path.join(ROOT, 'test/e2e/harness/workbench.mjs');
const SHOTS = process.env.E2E_UPDATE_SCREENSHOTS === '1' ? path.join(ROOT, 'media/screenshots') : path.join(ROOT, 'artifacts/screenshots');

// The harness is an ES module; `import()` must survive the CommonJS compile.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<Harness>;

/* eslint-disable @typescript-eslint/no-explicit-any */
type Page = any;
interface Workbench {
  page: Page;
  close(): Promise<void>;
}
interface Harness {
  startWorkbench(o: Record<string, unknown>): Promise<Workbench>;
  openFile(page: Page, relativePath: string): Promise<void>;
  goToLine(page: Page, line: number, column?: number): Promise<void>;
  runCommand(page: Page, label: string): Promise<void>;
}

suite('Guard Coverage in the workbench', function () {
  this.timeout(120000);
  let h: Harness;
  let wb: Workbench | undefined;
  let page: Page;

  suiteSetup(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    h = await importEsm(pathToFileURL(HARNESS).href);
    wb = await h.startWorkbench({
      extensionDevelopmentPath: ROOT,
      workspace: path.join(ROOT, 'test/fixtures/vscode-app'),
      viewport: { width: 1280, height: 800 },
      // The fixture has no node_modules: TypeScript's own "Cannot find module" errors would crowd the screenshots.
      settings: { 'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false, 'typescript.validate.enable': false },
    });
    page = wb.page;
  });

  suiteTeardown(async () => {
    if (wb) await wb.close();
  });

  teardown(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      await page.screenshot({ path: path.join(SHOTS, `FAILED-${this.currentTest.title.replace(/\W+/g, '_')}.png`) });
    }
  });

  test('the status bar shows the coverage figure once indexing is done', async () => {
    const item = page.locator('.statusbar-item', { hasText: 'unprotected' }).first();
    await item.waitFor({ timeout: 60000 });
    assert.match(await item.innerText(), /\d+% · \d+ unprotected/);
  });

  test('the Routes view lists every route with its verdict icon', async () => {
    await page.locator('.activitybar .action-item a[aria-label^="Guard Coverage"]').first().click();
    const rows = page.locator('.part.sidebar .monaco-list-row');
    await rows.filter({ hasText: 'POST /orders' }).waitFor();
    const icon = async (text: string) => {
      const row = rows.filter({ hasText: text }).first();
      const cls = (await row.locator('.custom-view-tree-node-item-icon').getAttribute('class')) ?? '';
      return (cls.match(/codicon-([\w-]+)/) ?? [])[1];
    };
    assert.strictEqual(await icon('POST /orders'), 'warning');
    assert.strictEqual(await icon('DELETE /cats/:id'), 'shield');
    assert.strictEqual(await icon('GET /health'), 'globe');
    const labels = (await rows.locator('.label-name').allInnerTexts()).map((t: string) => t.trim());
    for (const l of ['vscode-app', 'CatsController', 'GET /cats', 'GET /cats/:id', 'DELETE /cats/:id', 'HealthController', 'GET /health', 'OrdersController', 'GET /orders', 'POST /orders']) {
      assert.ok(labels.includes(l), `row ${l} in ${labels.join(', ')}`);
    }
    // For the screenshot: a wider side bar, and one route opened to show its guard chain.
    const box = await page.locator('.part.sidebar').boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width + 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + 560, box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
    }
    await rows.filter({ hasText: 'DELETE /cats/:id' }).first().locator('.monaco-tl-twistie').click();
    await rows.filter({ hasText: '2 · controller' }).first().waitFor();
    assert.strictEqual(await icon('POST /orders'), 'warning');
    await page.screenshot({ path: path.join(SHOTS, 'tree.png') });
  });

  test('a lens is rendered above the unguarded handler', async () => {
    await h.openFile(page, 'src/orders/orders.controller.ts');
    const lenses = page.locator('.monaco-editor .codelens-decoration');
    await lenses.filter({ hasText: 'No authentication guard' }).first().waitFor();
    const texts = (await lenses.allInnerTexts()).map((t: string) => t.trim());
    assert.ok(texts.some((t: string) => /^2 routes · 1 protected · 1 unprotected/.test(t)), texts.join(' | '));
    assert.ok(texts.some((t: string) => /RolesGuard → JwtAuthGuard/.test(t)), texts.join(' | '));
    await page.screenshot({ path: path.join(SHOTS, 'codelens.png') });
  });

  test('clicking a lens shows the guard chain as a quick pick', async () => {
    await page.locator('.monaco-editor .codelens-decoration a', { hasText: 'RolesGuard → JwtAuthGuard' }).first().click();
    const rows = page.locator('.quick-input-widget .monaco-list-row');
    await rows.filter({ hasText: '2. JwtAuthGuard' }).first().waitFor();
    const texts = (await rows.allInnerTexts()).map((t: string) => t.replace(/\s+/g, ' ').trim());
    assert.ok(texts.some((t: string) => t.includes('GET /orders')), texts.join(' | '));
    assert.ok(texts.some((t: string) => t.includes('1. RolesGuard') && t.includes('APP_GUARD (AppModule)')), texts.join(' | '));
    await page.screenshot({ path: path.join(SHOTS, 'chain.png') });
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  });

  test('the hover on a handler shows the chain', async () => {
    await h.goToLine(page, 13, 4);
    await h.runCommand(page, 'Show or Focus Hover');
    const hover = page.locator('.monaco-hover-content', { hasText: 'Guards' }).first();
    await hover.waitFor();
    assert.match(await hover.innerText(), /POST \/orders/);
    await page.screenshot({ path: path.join(SHOTS, 'hover.png') });
    await page.keyboard.press('Escape');
  });

  test('the Problems panel shows the finding', async () => {
    await h.runCommand(page, 'Problems: Focus on Problems View');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'guard-coverage' }).first();
    await row.waitFor();
    assert.match(await row.innerText(), /CWE-306/);
    await page.mouse.move(900, 460); // no stray tooltip in the README picture
    await page.screenshot({ path: path.join(SHOTS, 'problems.png') });
  });
});
