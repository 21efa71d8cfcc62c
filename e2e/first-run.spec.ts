import { test, expect, openFreshApp, seriousAxeViolations } from './fixtures.ts';

test('a new project starts with a choice of target, Exchange Server preselected, once per browser', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openFreshApp(page, { firstRun: true });
  const dialog = page.getByRole('dialog', { name: 'Start a new project' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('radio', { name: /Exchange Server 2019/ })).toBeChecked();
  await expect(dialog).toContainText('retired');
  await expect(dialog).toContainText('Exchange admin center and Remote PowerShell');
  expect(await seriousAxeViolations(page)).toEqual([]);

  // Keyboard only: the arrows move between the targets, Tab reaches the actions, Enter starts.
  await dialog.getByRole('radio', { name: /Exchange Server 2019/ }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(dialog.getByRole('radio', { name: /Exchange Online/ })).toBeChecked();
  await page.keyboard.press('ArrowUp');
  await expect(dialog.getByRole('radio', { name: /Exchange Server 2019/ })).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Next: declare the admin path' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Start designing' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('combobox', { name: 'Target' })).toHaveValue('ExchangeServer');

  // The empty state offers one primary action.
  await expect(page.getByRole('button', { name: 'Start from a template' })).toBeVisible();
  expect(await seriousAxeViolations(page)).toEqual([]);

  // Remembered: not offered again after a reload, and the project stays on Exchange Server.
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Target' })).toHaveValue('ExchangeServer');
  await expect(page.getByRole('button', { name: 'Start from a template' })).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('the first run can declare the admin path with the Analysis view’s editor', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openFreshApp(page, { firstRun: true });
  const dialog = page.getByRole('dialog', { name: 'Start a new project' });
  await dialog.getByRole('button', { name: 'Next: declare the admin path' }).click();
  const step = page.getByRole('dialog', { name: 'Declare your admin path (optional)' });
  await expect(step.getByRole('button', { name: 'Skip for now' })).toBeVisible();
  await step.getByLabel('Admin addresses').fill('192.168.10.0/24');
  await step.getByRole('button', { name: 'Save admin path' }).click();
  expect(await seriousAxeViolations(page)).toEqual([]);
  await step.getByRole('button', { name: 'Done' }).click();
  await expect(step).toBeHidden();
  await expect(page.getByRole('combobox', { name: 'Target' })).toHaveValue('ExchangeServer');
  await page.getByRole('tab', { name: 'Analysis' }).click();
  await expect(page.getByLabel('Admin addresses')).toHaveValue('192.168.10.0/24');
});

test('with the first run already made, a new project starts on Exchange Server 2019/SE and its simulator on the admin center', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openFreshApp(page);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Target' })).toHaveValue('ExchangeServer');
  const protocol = page.getByRole('region', { name: 'Simulator' }).getByLabel('Protocol', { exact: true });
  await expect(protocol).toHaveValue('ExchangeAdminCenter');
  await expect(protocol.locator('option')).toHaveText(['Exchange admin center', 'Remote PowerShell']);
  await page.getByRole('button', { name: 'Add rule', exact: true }).click();
  await page.getByRole('region', { name: 'Rule editor' }).getByRole('button', { name: 'Protocols', exact: true }).click();
  await expect(page.getByRole('menuitemcheckbox')).toHaveCount(2);
});
