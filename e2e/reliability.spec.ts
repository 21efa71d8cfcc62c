import AxeBuilder from '@axe-core/playwright';
import { test, expect, openFreshApp } from './fixtures.ts';
import type { Page } from '@playwright/test';

/**
 * Issue 13 in Chromium: hostile project files, saving that can never fail silently, and files as
 * Windows PowerShell writes them.
 */

const rows = (page: Page) => page.getByRole('list', { name: 'Rules in priority order' }).getByRole('listitem');

/** A valid project whose rule carries an unknown field nested `depth` levels (6 KB at 3,000 levels). */
function deepProject(depth: number): string {
  const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
  return `{"format":"client-access-rule-designer","version":1,"profile":"ExchangeOnline","rules":[{"name":"Deep rule","action":"DenyAccess","anyOfProtocols":["POP3"],"history":${deep},"owner":"ops"}]}`;
}

/** The rule names in the saved envelope (idb-keyval's default store), or null. */
async function savedRuleNames(page: Page): Promise<string[] | null> {
  return page.evaluate(
    () =>
      new Promise<string[] | null>((resolve) => {
        const open = indexedDB.open('keyval-store');
        open.onupgradeneeded = () => open.result.createObjectStore('keyval');
        open.onsuccess = () => {
          const request = open.result.transaction('keyval').objectStore('keyval').get('card:project');
          request.onsuccess = () => {
            open.result.close();
            const value = request.result as { project?: { rules?: { name: string }[] } } | undefined;
            resolve(value?.project?.rules?.map((r) => r.name) ?? null);
          };
          request.onerror = () => resolve(null);
        };
        open.onerror = () => resolve(null);
      }),
  );
}

test('a project with a 6,000-level unknown field opens with the field dropped, downloads, autosaves and survives a reload', async ({ page }) => {
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await page.getByRole('tab', { name: 'Export' }).click();
  await page.getByTestId('project-file-input').setInputFiles({ name: 'deep.carules.json', mimeType: 'application/json', buffer: Buffer.from(deepProject(6000)) });
  await expect(page.getByText('Opened deep.carules.json with warnings')).toBeVisible();
  await expect(page.getByText(/rules\[0\]\.history: this unknown field was dropped because it is nested more than 32 levels deep/)).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download project file' }).click()]);
  const { readFile } = await import('node:fs/promises');
  const saved = JSON.parse(await readFile(await download.path(), 'utf8')) as { rules: Record<string, unknown>[] };
  expect(saved.rules[0]).toMatchObject({ name: 'Deep rule', owner: 'ops' });
  expect(saved.rules[0]).not.toHaveProperty('history');

  await expect.poll(() => savedRuleNames(page)).toEqual(['Deep rule']);
  await expect(page.getByText('Your changes are not being saved')).toHaveCount(0);
  await page.reload();
  await page.getByRole('tab', { name: 'Design' }).click();
  await expect(rows(page).first()).toHaveAccessibleName(/Priority 1: Deep rule/);
});

test('when the browser refuses to store, the notice says so, leaving asks first, and the work survives a reload', async ({ page }) => {
  await openFreshApp(page, { target: 'ExchangeOnline' });
  // Every IndexedDB write fails from now on, as with a full disk or a storage quota.
  await page.addInitScript(() => {
    IDBObjectStore.prototype.put = function put() {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.reload();
  await page.getByRole('tab', { name: 'Design' }).click();
  await page.getByRole('button', { name: 'Start from a template' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add rules from a template' });
  await dialog.getByRole('button', { name: 'Admin center only for the IT department' }).click();
  await dialog.getByRole('button', { name: 'Add template' }).click();
  // evaluateAll does not wait: let the template's rules render first.
  await expect(rows(page).first()).toBeVisible();
  const names = await rows(page).evaluateAll((items) => items.map((item) => item.getAttribute('aria-label') ?? ''));
  expect(names.length).toBeGreaterThan(0);

  const notice = page.getByText('Your changes are not being saved');
  await expect(notice).toBeVisible();
  await expect(page.getByText(/The browser refused to store the project \(.*quota has been exceeded/)).toBeVisible();
  // Let the notice finish its entrance animation (half-faded text fails the contrast check).
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  // The notice itself is axe clean (the whole page is the accessibility spec's job).
  const axe = await new AxeBuilder({ page }).include('.fui-MessageBar').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: 'e2e/screenshots/save-failed-notice.png', fullPage: true });

  // Leaving while saving fails asks first; the page-close snapshot keeps the work for the next start.
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.type());
    void d.accept();
  });
  await page.reload();
  expect(dialogs).toEqual(['beforeunload']);
  await page.getByRole('tab', { name: 'Design' }).click();
  await expect.poll(() => rows(page).evaluateAll((items) => items.map((item) => item.getAttribute('aria-label') ?? ''))).toEqual(names);
  // Still failing after the reload: said again, not silently.
  await expect(page.getByText('Your changes are not being saved')).toBeVisible();
});

test('Format-List output saved by Windows PowerShell (UTF-16 LE) imports, saying how it was read; an empty file says it is empty', async ({ page }) => {
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await page.getByRole('tab', { name: 'Import' }).click();
  const text = 'Priority : 1\r\nName     : Block OWA\r\nAction   : DenyAccess\r\nAnyOfProtocols : {OutlookWebApp}\r\nEnabled  : True\r\n';
  const buffer = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  await page.getByTestId('import-file-input').setInputFiles({ name: 'rules.txt', mimeType: 'text/plain', buffer });
  await expect(page.getByText('rules.txt: read as UTF-16 LE (byte-order mark FF FE).')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Preview: 1 rule' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Imported rules preview' })).toContainText('Block OWA');

  await page.getByTestId('import-file-input').setInputFiles({ name: 'empty.ps1', mimeType: 'text/plain', buffer: Buffer.from([0xef, 0xbb, 0xbf]) });
  await expect(page.getByText(/empty\.ps1 holds nothing to import: it holds only a byte-order mark and no text/)).toBeVisible();
});
