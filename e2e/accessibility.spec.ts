import AxeBuilder from '@axe-core/playwright';
import { test, expect, openFreshApp } from './fixtures.ts';
import type { Page } from '@playwright/test';
import { EXCEPTION_SCRIPT, importRules, pasteIntoImport } from './import-helper.ts';

/**
 * Serious or critical axe violations, leaving out one documented false positive: Fluent's Tabster
 * focus "dummy" elements (`<i data-tabster-dummy aria-hidden tabindex=0>`) that only redirect focus
 * (microsoft/tabster#288; Microsoft's Accessibility Insights suppresses them the same way). Any other
 * node, or any other rule, still fails the test.
 */
async function seriousAxeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      ...violation,
      nodes: violation.id === 'aria-hidden-focus' ? violation.nodes.filter((node) => !node.html.includes('data-tabster-dummy')) : violation.nodes,
    }))
    .filter((violation) => violation.nodes.length > 0)
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
}

async function useTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  if (theme === 'dark') await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(page.getByRole('button', { name: theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme' })).toBeVisible();
}

for (const theme of ['light', 'dark'] as const) {
  test(`no serious axe violations on the design, import and export views (${theme})`, async ({ page }) => {
    await openFreshApp(page);
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
