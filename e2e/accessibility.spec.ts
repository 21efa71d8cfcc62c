import { test, expect, openFreshApp, seriousAxeViolations } from './fixtures.ts';
import type { Page } from '@playwright/test';
import { EXCEPTION_SCRIPT, importRules, pasteIntoImport } from './import-helper.ts';

async function useTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  if (theme === 'dark') await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(page.getByRole('button', { name: theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme' })).toBeVisible();
}

for (const theme of ['light', 'dark'] as const) {
  test(`no serious axe violations on the design, import and export views (${theme})`, async ({ page }) => {
    await openFreshApp(page, { target: 'ExchangeOnline' });
    await useTheme(page, theme);
    await importRules(page, EXCEPTION_SCRIPT, 2);
    const simulator = page.getByRole('region', { name: 'Simulator' });
    await simulator.getByRole('button', { name: 'Save as test case' }).click();
    await page.getByRole('dialog', { name: 'Save as test case' }).getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('dialog')).toBeHidden();
    await simulator.getByRole('switch', { name: 'Test-ClientAccessRule compatible' }).click();
    await expect(simulator.getByRole('list', { name: 'Saved test cases' })).toBeVisible();
    expect(await seriousAxeViolations(page), 'design view').toEqual([]);
    await page.screenshot({ path: `e2e/screenshots/design-${theme}.png`, fullPage: true });

    await pasteIntoImport(page, "New-ClientAccessRule -Name 'Block IMAP' -Action DenyAccess -AnyOfProtocols IMAP4 -Priority <PriorityValue>\n");
    await expect(page.getByRole('list', { name: 'Import findings' })).toBeVisible();
    expect(await seriousAxeViolations(page), 'import view').toEqual([]);
    await page.screenshot({ path: `e2e/screenshots/import-${theme}.png`, fullPage: true });

    await page.getByRole('tab', { name: 'Export' }).click();
    await expect(page.getByTestId('code-editor')).toHaveAttribute('data-editor-ready', 'true');
    expect(await seriousAxeViolations(page), 'export view').toEqual([]);
    await page.screenshot({ path: `e2e/screenshots/export-${theme}.png`, fullPage: true });
  });
}
