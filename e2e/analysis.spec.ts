import type { Page } from '@playwright/test';
import { test, expect, openFreshApp, openView, seriousAxeViolations } from './fixtures.ts';
import { importRules, pasteIntoImport } from './import-helper.ts';

/** Loads the code editor once with room for a busy machine (Monaco is a large lazy chunk). */
async function openWithEditor(page: Page): Promise<void> {
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await page.getByRole('tab', { name: 'Import' }).click();
  await expect(page.getByTestId('code-editor')).toHaveAttribute('data-editor-ready', 'true', { timeout: 60_000 });
}

const LOCKDOWN = [
  "New-ClientAccessRule -Name 'Allow admin workstation' -Action AllowAccess -AnyOfProtocols RemotePowerShell -AnyOfClientIPAddressesOrRanges 192.168.10.0/24",
  "New-ClientAccessRule -Name 'Block RPS except admins' -Action DenyAccess -AnyOfProtocols RemotePowerShell",
  '',
].join('\n');

test('declare the admin path, see the lockdown proven, break it and follow the counterexample into the simulator', async ({ page }) => {
  test.slow(); // Monaco and the analysis on a shared, busy machine
  await page.setViewportSize({ width: 1600, height: 1200 });
  await openWithEditor(page);
  await importRules(page, LOCKDOWN, 2);
  await page.getByRole('tab', { name: 'Analysis' }).click();
  const panel = page.getByRole('region', { name: 'Analysis of every connection' });
  await panel.getByLabel('Admin addresses').fill('192.168.10.0/24');
  await panel.getByLabel('Admin accounts').fill('admin@contoso.com; Department=IT');
  await panel.getByRole('button', { name: 'Save admin path' }).click();
  await expect(panel.getByText('Proven: the admins cannot be locked out')).toBeVisible();
  expect(await seriousAxeViolations(page)).toEqual([]);

  // Widen the admin path beyond the allow rule: the proof fails with a counterexample.
  await panel.getByLabel('Admin addresses').fill('192.168.10.0/24\n192.168.20.5');
  await panel.getByRole('button', { name: 'Save admin path' }).click();
  await expect(panel.getByText('Not proven: the admins can be locked out')).toBeVisible();
  await expect(panel.getByText(/Counterexample: Remote PowerShell with Basic authentication from 192\.168\.20\.5 as admin@contoso\.com \(Department=IT\) is denied by 'Block RPS except admins'/)).toBeVisible();
  await panel.getByRole('button', { name: 'Open the counterexample in the simulator' }).click();
  const simulator = page.getByRole('region', { name: 'Simulator' });
  await expect(simulator.getByLabel('Client IP address')).toHaveValue('192.168.20.5');
  await expect(simulator.getByLabel('Protocol', { exact: true })).toHaveValue('RemotePowerShell');
  await expect(simulator.getByText(/Block RPS except admins/).first()).toBeVisible();

  // The scoped guard fixes it without reopening Remote PowerShell to everyone.
  await page.getByRole('tab', { name: 'Analysis' }).click();
  await panel.getByRole('button', { name: 'Insert an allow rule for the admin path' }).click();
  await expect(panel.getByText('Proven: the admins cannot be locked out')).toBeVisible();
});

test('the export shows what a change does to access before the change script', async ({ page }) => {
  test.slow(); // Monaco and the analysis on a shared, busy machine
  await openWithEditor(page);
  await importRules(page, LOCKDOWN, 2);
  await pasteIntoImport(page, "New-ClientAccessRule -Name 'Allow admin workstation' -Action AllowAccess -AnyOfProtocols RemotePowerShell -AnyOfClientIPAddressesOrRanges 192.168.10.0/24\n");
  await page.getByRole('button', { name: 'Use as baseline (what is deployed)' }).click();
  await expect(page.getByText('Baseline set')).toBeVisible();
  await page.getByRole('tab', { name: 'Export' }).click();
  const impact = page.getByRole('list', { name: 'What this change does to access' });
  await expect(impact.getByRole('listitem')).toHaveCount(1);
  await expect(impact.getByRole('listitem').first()).toContainText("allowed (no rule matches) → denied by 'Block RPS except admins'");
  await page.getByRole('tab', { name: 'Analysis' }).click();
  await expect(page.getByRole('list', { name: 'Changes of access' }).getByRole('listitem')).toHaveCount(1);
});

test('the decision map is navigable by keyboard, names the deciding rule and exports SVG', async ({ page }) => {
  test.slow(); // Monaco and the analysis on a shared, busy machine
  await openWithEditor(page);
  await importRules(page, LOCKDOWN, 2);
  await page.getByRole('tab', { name: 'Decision map' }).click();
  const grid = page.getByRole('grid', { name: /Decision map/ });
  await expect(grid).toBeVisible();
  const first = grid.getByRole('gridcell').first();
  await first.focus();
  await expect(page.getByRole('status').filter({ hasText: /from 0\.0\.0\.0/ })).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  const focused = page.locator(':focus');
  await expect(focused).toHaveAttribute('role', 'gridcell');
  await expect(focused).toHaveAccessibleName(/decided by|no rule matches/);
  await expect(grid.getByRole('gridcell', { name: /Remote PowerShell from 192\.168\.10\.0\/24: Allow: decided by 'Allow admin workstation'/ })).toBeVisible();
  expect(await seriousAxeViolations(page)).toEqual([]);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export SVG' }).click()]);
  expect(download.suggestedFilename()).toBe('decision-map.svg');
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
  expect(png.suggestedFilename()).toBe('decision-map.png');
});

test('the analysis and decision map views are axe clean in the dark theme and fit a 390 px screen', async ({ page }) => {
  test.slow(); // Monaco and the analysis on a shared, busy machine
  await openWithEditor(page);
  await importRules(page, LOCKDOWN, 2);
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  for (const [tab, width] of [['Analysis', 390], ['Decision map', 390], ['Decision map', 1280]] as const) {
    await page.setViewportSize({ width, height: 900 });
    await openView(page, tab);
    await expect(page.getByRole('heading', { name: tab === 'Analysis' ? 'Analysis of every connection' : 'Decision map' })).toBeVisible();
    if (tab === 'Decision map') await expect(page.getByRole('grid')).toBeVisible();
    else await expect(page.getByText(/regions of connections analysed/)).toBeVisible();
    expect(await seriousAxeViolations(page), `${tab} at ${width}px`).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${tab} at ${width}px overflows`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `e2e/screenshots/${tab === 'Analysis' ? 'analysis' : 'decision-map'}-dark-${width}.png`, fullPage: true });
  }
});
