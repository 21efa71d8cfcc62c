import { test, expect, openFreshApp } from './fixtures.ts';
import type { Page } from '@playwright/test';

async function addTemplate(page: Page, title: string) {
  await page.getByRole('button', { name: /^Templates$|Start from a template/ }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add rules from a template' });
  await dialog.getByRole('button', { name: title }).click();
  await dialog.getByRole('button', { name: 'Add template' }).click();
  await expect(dialog).toBeHidden();
}

const rows = (page: Page) => page.getByRole('list', { name: 'Rules in priority order' }).getByRole('listitem');

test('empty state offers templates, and a template adds its rules in one undo step', async ({ page }) => {
  await openFreshApp(page);
  await expect(page.getByText('No rules yet')).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/empty.png' });
  await page.getByRole('button', { name: 'Start from a template' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add rules from a template' });
  await dialog.getByRole('button', { name: 'Block the admin center except from the management network' }).click();
  await expect(dialog.getByText('Replace 192.0.2.0/24 with your management network.')).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/templates.png' });
  await dialog.getByRole('button', { name: 'Add template' }).click();
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).nth(0)).toHaveAccessibleName('Priority 1: Always Allow Remote PowerShell');
  await page.screenshot({ path: 'e2e/screenshots/design.png' });
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(rows(page)).toHaveCount(0);
  await page.getByRole('button', { name: 'Redo', exact: true }).click();
  await expect(rows(page)).toHaveCount(2);
});
