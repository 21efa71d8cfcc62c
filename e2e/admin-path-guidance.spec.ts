import type { Page } from '@playwright/test';
import { test, expect, openFreshApp, seriousAxeViolations } from './fixtures.ts';

const rows = (page: Page) => page.getByRole('list', { name: 'Rules in priority order' }).getByRole('listitem');

async function addTemplate(page: Page, title: string, record: boolean): Promise<void> {
  await page.getByRole('button', { name: 'Templates' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: title }).click();
  const offer = dialog.getByRole('checkbox', { name: /Record the admin path/ });
  await expect(offer).toBeChecked();
  if (!record) await offer.uncheck();
  await dialog.getByRole('button', { name: 'Add template' }).click();
  await expect(dialog).toBeHidden();
}

test('a lockdown template records its admin path in the same undo step, and the proof passes', async ({ page }) => {
  test.slow(); // the analysis on a shared, busy machine
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await page.getByRole('button', { name: 'Templates' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Block the admin center except from the management network' }).click();
  await expect(dialog.getByRole('checkbox', { name: 'Record the admin path: Remote PowerShell and Exchange admin center from 192.0.2.0/24 for admin@contoso.com' })).toBeChecked();
  expect(await seriousAxeViolations(page)).toEqual([]);
  await dialog.getByRole('button', { name: 'Add template' }).click();
  await expect(rows(page)).toHaveCount(2);

  await page.getByRole('tab', { name: 'Analysis' }).click();
  const panel = page.getByRole('region', { name: 'Analysis of every connection' });
  await expect(panel.getByLabel('Admin addresses')).toHaveValue('192.0.2.0/24');
  await expect(panel.getByText('Proven: the admins cannot be locked out')).toBeVisible({ timeout: 30_000 });

  // One undo takes back the rules and the admin path together.
  await page.getByRole('tab', { name: 'Design' }).click();
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(rows(page)).toHaveCount(0);
  await page.getByRole('tab', { name: 'Analysis' }).click();
  await expect(panel.getByText(/No admin path declared/)).toBeVisible();
});

test('the editor offers an allow rule as the admin path and says whether it covers it; export warns before a lockout', async ({ page }) => {
  test.slow(); // the analysis on a shared, busy machine
  await page.setViewportSize({ width: 1600, height: 1200 });
  await openFreshApp(page, { target: 'ExchangeOnline' });
  // Exchange Server lockdown: an allow rule for one workstation above a deny outside the management network.
  await addTemplate(page, 'Exchange Server: admin center and PowerShell only from the management network', false);
  await expect(rows(page)).toHaveCount(2);

  // Without an admin path the export keeps the conservative warning and says how to make it exact.
  await page.getByRole('tab', { name: 'Export' }).click();
  await expect(page.getByText('This script may lock you out of Remote PowerShell')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/declare the admin path .* proven exactly instead/)).toBeVisible();

  // The allow rule, selected by the template, offers itself as the admin path.
  await page.getByRole('tab', { name: 'Design' }).click();
  await rows(page).filter({ hasText: 'Always allow PowerShell from the admin workstation' }).click();
  const section = page.getByRole('region', { name: 'Admin path' });
  await expect(section.getByText(/Using this rule records: Remote PowerShell from 192\.0\.2\.10 for no admin account yet/)).toBeVisible();
  await section.getByRole('button', { name: 'Use as admin path' }).click();
  await expect(section.getByText(/Admin path recorded without accounts/)).toBeVisible();
  await section.getByRole('button', { name: 'Add the admin accounts' }).click();

  const panel = page.getByRole('region', { name: 'Analysis of every connection' });
  await expect(panel.getByLabel('Admin addresses')).toHaveValue('192.0.2.10');
  await panel.getByLabel('Admin accounts').fill('CONTOSO\\admin');
  await panel.getByRole('button', { name: 'Save admin path' }).click();
  await expect(panel.getByText('Proven: the admins cannot be locked out')).toBeVisible({ timeout: 30_000 });

  await page.getByRole('tab', { name: 'Design' }).click();
  await rows(page).filter({ hasText: 'Always allow PowerShell from the admin workstation' }).click();
  await expect(section.getByText('Covers the declared admin path')).toBeVisible();

  // Widen the admin path beyond the rule: the editor names a connection it misses, and the export
  // warns before the script with the counterexample, which opens in the simulator.
  await page.getByRole('tab', { name: 'Analysis' }).click();
  await panel.getByLabel('Admin addresses').fill('192.0.2.10\n203.0.113.7');
  await panel.getByRole('button', { name: 'Save admin path' }).click();
  await expect(panel.getByText('Not proven: the admins can be locked out')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('tab', { name: 'Design' }).click();
  await rows(page).filter({ hasText: 'Always allow PowerShell from the admin workstation' }).click();
  await expect(section.getByText('Does not cover the declared admin path')).toBeVisible();
  await expect(section.getByText(/from 203\.0\.113\.7 as CONTOSO\\admin is on the admin path but does not match this rule/)).toBeVisible();

  await page.getByRole('tab', { name: 'Export' }).click();
  await expect(page.getByText('This script would lock the admin path out')).toBeVisible({ timeout: 30_000 });
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Open in simulator' }).click();
  const simulator = page.getByRole('region', { name: 'Simulator' });
  await expect(simulator.getByLabel('Client IP address')).toHaveValue('203.0.113.7');
});
