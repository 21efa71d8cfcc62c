import { readFileSync } from 'node:fs';
import { test, expect, openFreshApp } from './fixtures.ts';
import type { Page } from '@playwright/test';

const rows = (page: Page) => page.getByRole('list', { name: 'Rules in priority order' }).getByRole('listitem');

async function order(page: Page): Promise<string[]> {
  const labels = await rows(page).evaluateAll((items) => items.map((item) => item.getAttribute('aria-label') ?? ''));
  return labels.map((label) => label.replace(/^Priority \d+: /, ''));
}

/** Reads a key of idb-keyval's default store. */
async function readKey(page: Page, key: string): Promise<unknown> {
  return page.evaluate(
    (k) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('keyval-store');
        open.onupgradeneeded = () => open.result.createObjectStore('keyval');
        open.onsuccess = () => {
          const request = open.result.transaction('keyval').objectStore('keyval').get(k);
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result ?? null);
          };
          request.onerror = () => reject(request.error);
        };
        open.onerror = () => reject(open.error);
      }),
    key,
  );
}

async function writeKey(page: Page, key: string, value: unknown): Promise<void> {
  await page.evaluate(
    ([k, v]) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('keyval-store');
        open.onupgradeneeded = () => open.result.createObjectStore('keyval');
        open.onsuccess = () => {
          const tx = open.result.transaction('keyval', 'readwrite');
          tx.objectStore('keyval').put(v, k as string);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
    [key, value] as const,
  );
}

async function allKeys(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('keyval-store');
        open.onupgradeneeded = () => open.result.createObjectStore('keyval');
        open.onsuccess = () => {
          const request = open.result.transaction('keyval').objectStore('keyval').getAllKeys();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result.map(String));
          };
          request.onerror = () => reject(request.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
}

test('reload keeps the rules, their order, profile and edits', async ({ page }) => {
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await page.getByRole('button', { name: 'Start from a template' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add rules from a template' });
  await dialog.getByRole('button', { name: 'Admin center only for the IT department' }).click();
  await dialog.getByRole('button', { name: 'Add template' }).click();
  await page.getByRole('button', { name: 'More actions for Allow access to EAC only for IT' }).click();
  await page.getByRole('menuitem', { name: 'Move to top' }).click();
  await page.getByRole('combobox', { name: 'Target' }).selectOption('ExchangeServer');
  await page.getByRole('button', { name: 'Allow access to EAC only for IT', exact: true }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('EAC for IT only');
  const expected = ['EAC for IT only', 'Always Allow Remote PowerShell'];
  await expect.poll(() => order(page)).toEqual(expected);
  await expect
    .poll(async () => JSON.stringify(await readKey(page, 'card:project')))
    .toContain('EAC for IT only');

  await page.reload();
  await expect.poll(() => order(page)).toEqual(expected);
  await expect(page.getByRole('combobox', { name: 'Target' })).toHaveValue('ExchangeServer');
  await expect(page.getByRole('button', { name: 'Undo', exact: true })).toBeDisabled();
  await page.getByRole('button', { name: 'EAC for IT only', exact: true }).click();
  await page.getByRole('tab', { name: 'Text' }).click();
  await expect(page.getByRole('textbox', { name: 'Filter text (OPath)' })).toHaveValue("Department -ne 'IT'");
});

test('corrupt saved data is kept aside and explained, and the app stays usable', async ({ page }) => {
  await openFreshApp(page, { target: 'ExchangeOnline' });
  const corrupt = { schema: 1, savedAt: 'x', project: { rules: 'not a list' }, baseline: null, connection: null };
  await writeKey(page, 'card:project', corrupt);
  await page.reload();
  const notice = page.getByText('Your saved project could not be restored');
  await expect(notice).toBeVisible();
  await expect(page.getByText(/The rules could not be read: .*kept aside/)).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/restore-error.png' });
  const backups = (await allKeys(page)).filter((key) => key.startsWith('card:project-backup:'));
  expect(backups).toHaveLength(1);
  expect(await readKey(page, backups[0]!)).toEqual(corrupt);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the kept data' }).click();
  const kept = await download;
  expect(JSON.parse(readFileSync(await kept.path(), 'utf8'))).toEqual(corrupt);

  await page.getByRole('button', { name: 'Add rule', exact: true }).click();
  await expect(rows(page)).toHaveCount(1);
  await page.getByRole('button', { name: 'Dismiss: Your saved project could not be restored' }).click();
  await expect(notice).toBeHidden();
});

test('data from a newer version is not overwritten silently', async ({ page }) => {
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await writeKey(page, 'card:project', { schema: 7, project: {} });
  await page.reload();
  await expect(page.getByText(/saved by a newer version/)).toBeVisible();
  const backups = (await allKeys(page)).filter((key) => key.startsWith('card:project-backup:'));
  expect(backups).toHaveLength(1);
});

test('the theme choice is remembered', async ({ page }) => {
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(page.getByRole('button', { name: 'Switch to light theme' })).toBeVisible();
  await page.getByRole('button', { name: 'Templates' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Add template' }).click();
  // Reload at once, before the debounced save: the synchronous snapshot keeps the rule.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Switch to light theme' })).toBeVisible();
  await expect(rows(page)).toHaveCount(1);
  await page.screenshot({ path: 'e2e/screenshots/dark.png' });
});
