import { test, expect, openFreshApp, seriousAxeViolations } from './fixtures.ts';
import { realisticProject, seedProject, type ProjectDoc } from './projects.ts';
import type { Page } from '@playwright/test';

const rows = (page: Page) => page.getByRole('list', { name: 'Rules in priority order' }).getByRole('listitem');

test('search and filter the list; select several rules and act on them at once, each one undo step', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openFreshApp(page);
  await seedProject(page, realisticProject());
  await expect(rows(page)).toHaveCount(6);

  // By display name (protocols are named as the list shows them), by pattern and by address.
  await page.getByRole('searchbox', { name: 'Search rules' }).fill('outlook anywhere');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('Block basic authentication for legacy protocols');
  await page.getByRole('searchbox', { name: 'Search rules' }).fill('svc-scanner');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('Block basic authentication for legacy protocols');
  await page.getByRole('searchbox', { name: 'Search rules' }).fill('198.51.100');
  await expect(rows(page)).toHaveCount(1);
  await page.getByRole('searchbox', { name: 'Search rules' }).fill('');
  await page.getByRole('combobox', { name: 'Show' }).selectOption('disabled');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('Pilot: block POP3 everywhere');
  await page.getByRole('combobox', { name: 'Show' }).selectOption('all');
  await expect(rows(page)).toHaveCount(6);

  await page.getByRole('checkbox', { name: 'Select Pilot: block POP3 everywhere' }).check();
  await page.getByRole('checkbox', { name: 'Select Deny everything from the quarantine range' }).check();
  const bulk = page.getByRole('toolbar', { name: 'Selected rules' });
  await expect(bulk).toContainText('2 selected');
  await bulk.getByRole('button', { name: 'Move to top' }).click();
  await expect(rows(page).nth(0)).toHaveAccessibleName('Priority 1: Pilot: block POP3 everywhere');
  await expect(rows(page).nth(1)).toHaveAccessibleName('Priority 2: Deny everything from the quarantine range');
  await bulk.getByRole('button', { name: 'Disable' }).click();
  await expect(page.getByRole('switch', { name: 'Enabled: Deny everything from the quarantine range' })).not.toBeChecked();
  await bulk.getByRole('button', { name: 'Delete' }).click();
  await expect(rows(page)).toHaveCount(4);
  await page.keyboard.press('ControlOrMeta+z');
  await expect(rows(page)).toHaveCount(6);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(page.getByRole('switch', { name: 'Enabled: Deny everything from the quarantine range' })).toBeChecked();

  // The registry's keyboard shortcut moves a focused rule.
  await rows(page).nth(2).getByRole('button', { name: /^Always Allow Remote PowerShell$/ }).focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(rows(page).nth(1)).toHaveAccessibleName('Priority 2: Always Allow Remote PowerShell');
  expect(await seriousAxeViolations(page)).toEqual([]);
});

test('under Exchange Server the simulator offers the two governed protocols and explains the rest', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openFreshApp(page);
  const project: ProjectDoc = { ...realisticProject(), profile: 'ExchangeServer', rules: realisticProject().rules.slice(0, 2), tests: [] };
  await seedProject(page, project);
  const simulator = page.getByRole('region', { name: 'Simulator' });
  const protocol = simulator.getByLabel('Protocol', { exact: true });
  await expect(protocol).toHaveValue('ExchangeAdminCenter');
  await expect(protocol.locator('option')).toHaveText(['Exchange admin center', 'Remote PowerShell']);
  await expect(simulator.getByTestId('simulation-result')).toContainText('Denied by rule 2');
  await expect(rows(page).nth(1).getByTestId('what-if-outcome')).toHaveText('Decides');

  // Switching the target to Exchange Online and picking OWA, then back: the note says the rules do not govern it.
  await page.getByRole('combobox', { name: 'Target' }).selectOption('ExchangeOnline');
  await protocol.selectOption('OutlookWebApp');
  await page.getByRole('combobox', { name: 'Target' }).selectOption('ExchangeServer');
  await expect(protocol).toHaveValue('ExchangeAdminCenter');
});

test('a failing saved test shows in the top bar; a name with a bidi override is marked and warned about', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openFreshApp(page, { target: 'ExchangeOnline' });
  const project = realisticProject();
  project.rules[0] = { ...project.rules[0], name: 'evil\u202Etxt.exe' };
  project.tests[0] = { ...project.tests[0], expected: 'DenyAccess' };
  await seedProject(page, project);
  await expect(page.getByTestId('test-status')).toHaveText('1 of 3 saved tests failing');
  await expect(rows(page).first().getByRole('button', { name: 'evil⟦U+202E⟧txt.exe' })).toBeVisible();
  await expect(rows(page).first()).toContainText('1 warning');
  await page.getByRole('button', { name: /^Checks:/ }).click();
  await expect(page.getByLabel('Problems in the rule set')).toContainText('U+202E');
});

test('below 1024 px one pane at a time; from 1024 px the page never scrolls (light and dark)', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openFreshApp(page);
  await seedProject(page, realisticProject());
  await expect(page.getByRole('region', { name: 'Rules' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Simulator' })).toBeHidden();
  await rows(page).nth(1).getByRole('button', { name: /^Restrict the Exchange admin center/ }).click();
  await expect(page.getByRole('region', { name: 'Rule editor' })).toBeVisible();
  await page.getByRole('tab', { name: 'Simulator' }).click();
  await expect(page.getByRole('region', { name: 'Simulator' })).toBeVisible();
  await page.getByRole('combobox', { name: 'View' }).selectOption('export');
  await expect(page.getByRole('combobox', { name: 'View' })).toHaveValue('export');
  await page.getByRole('combobox', { name: 'View' }).selectOption('design');
  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'dark') await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    for (const width of [1024, 1280, 1440, 1920]) {
      await page.setViewportSize({ width, height: width === 1920 ? 1080 : 800 });
      const overflow = await page.evaluate(() => [document.documentElement.scrollWidth - innerWidth, document.documentElement.scrollHeight - innerHeight]);
      expect(overflow, `${theme} at ${width}px`).toEqual([0, 0]);
    }
  }
});
