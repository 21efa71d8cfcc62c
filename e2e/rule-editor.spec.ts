import { test, expect, openFreshApp } from './fixtures.ts';
import { seedProject } from './projects.ts';
import type { Page } from '@playwright/test';

const rows = (page: Page) => page.getByRole('list', { name: 'Rules in priority order' }).getByRole('listitem');
const editor = (page: Page) => page.getByRole('region', { name: 'Rule editor' });

async function newRule(page: Page, name: string) {
  await page.getByRole('button', { name: 'Add rule', exact: true }).click();
  await editor(page).getByRole('textbox', { name: 'Name', exact: true }).fill(name);
}

async function pickOptions(page: Page, combobox: string, options: string[]) {
  await editor(page).getByRole('button', { name: combobox, exact: true }).click();
  for (const option of options) {
    await page.getByRole('menuitemcheckbox', { name: new RegExp(`^${option}`) }).click();
  }
  await page.keyboard.press('Escape');
}

test('build a rule by hand: action, protocols, IP list, username patterns', async ({ page }) => {
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await newRule(page, 'Block OWA outside the office');
  const form = editor(page);
  await form.getByRole('radio', { name: 'Deny access' }).check();
  await pickOptions(page, 'Protocols', ['Outlook on the web', 'Exchange admin center']);
  await expect(form.getByRole('button', { name: 'Protocols', exact: true })).toContainText('Exchange admin center, Outlook on the web');

  const ips = form.getByRole('textbox', { name: 'Except client IP addresses or ranges', exact: true });
  await ips.fill('10.0.0.1, 192.168.3.1/24 10.0.0.300');
  const ipList = form.getByRole('list', { name: /^Except client IP addresses or ranges: 3 values/ });
  await expect(ipList.getByText('→ 192.168.3.0/24')).toBeVisible();
  await expect(ipList.getByText(/^Invalid: /)).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/editor-ip.png' });
  await form.getByRole('button', { name: 'Remove 10.0.0.300' }).click();
  await expect(form.getByRole('list', { name: /^Except client IP addresses or ranges: 2 values/ })).toBeVisible();

  const users = form.getByRole('textbox', { name: 'Username patterns', exact: true });
  await users.fill('jeff*');
  await users.press('Enter');
  await expect(form.getByText(/Never matches: usernames are compared as Domain\\UserName/)).toBeVisible();
  await form.getByRole('button', { name: 'Use *\\jeff*' }).first().click();
  await expect(form.getByRole('button', { name: 'Remove *\\jeff*' })).toBeVisible();

  const row = rows(page).nth(0);
  await expect(row).toHaveAccessibleName('Priority 1: Block OWA outside the office');
  await expect(row).toContainText('Deny');
  await expect(row).toContainText('Protocols: Exchange admin center, Outlook on the web');
  await expect(row).toContainText('except IP: 10.0.0.1, 192.168.3.1/24');
  await expect(row).toContainText('Users: *\\jeff*');
  await page.screenshot({ path: 'e2e/screenshots/editor.png', fullPage: true });
});

test('recipient filter: builder and text stay in sync, errors are positioned', async ({ page }) => {
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await newRule(page, 'EAC only for IT');
  const form = editor(page);
  await form.getByRole('button', { name: 'Add condition' }).click();
  await form.getByRole('combobox', { name: 'Operator of condition 1' }).selectOption('ne');
  await form.getByRole('textbox', { name: 'Value of condition 1' }).fill('IT');
  await expect(form.getByText("Department -ne 'IT'", { exact: true })).toBeVisible();

  await form.getByRole('tab', { name: 'Text' }).click();
  const text = form.getByRole('textbox', { name: 'Filter text (OPath)' });
  await expect(text).toHaveValue("Department -ne 'IT'");
  await text.fill("Department -eq 'IT' -and Dept -eq 'x'");
  await expect(form.getByText(/Line 1, column 26: .*Dept/)).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/editor-filter-error.png' });
  await text.fill("{Department -eq 'IT' -or City -eq 'Paris'}");
  await form.getByRole('tab', { name: 'Builder' }).click();
  await expect(form.getByRole('combobox', { name: 'Combine conditions', exact: true })).toHaveValue('or');
  await expect(form.getByRole('textbox', { name: 'Value of condition 2' })).toHaveValue('Paris');
  await form.getByRole('combobox', { name: 'Operator of condition 2' }).selectOption('ne');
  await form.getByRole('tab', { name: 'Text' }).click();
  await expect(text).toHaveValue("Department -eq 'IT' -or City -ne 'Paris'");
  // Builder edits are undo steps of their own; typing a value is one step.
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(text).toHaveValue("{Department -eq 'IT' -or City -eq 'Paris'}");
  await form.getByRole('tab', { name: 'Builder' }).click();
  await form.getByRole('textbox', { name: 'Value of condition 2' }).fill('Lyon');
  await form.getByRole('textbox', { name: 'Value of condition 2' }).pressSequentially(' 2');
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(form.getByRole('textbox', { name: 'Value of condition 2' })).toHaveValue('Paris');
});

test('a shadowed rule is explained exactly and can be removed without changing any decision', async ({ page }) => {
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await newRule(page, 'Block all OWA');
  await editor(page).getByRole('radio', { name: 'Deny access' }).check();
  await pickOptions(page, 'Protocols', ['Outlook on the web']);
  await newRule(page, 'Allow OWA from the office');
  await pickOptions(page, 'Protocols', ['Outlook on the web']);
  // A one-line headline; the full explanation behind "Details".
  const finding = editor(page).getByRole('group').filter({ hasText: 'Never decides: earlier rules decide first' });
  await expect(finding).toBeVisible();
  await expect(finding.getByText(/decides no connection/)).toBeHidden();
  await finding.getByRole('button', { name: 'Details' }).click();
  await expect(editor(page).getByText(/decides no connection: every connection it matches is decided first by 'Block all OWA'/)).toBeVisible();
  await editor(page).getByRole('button', { name: "Remove 'Allow OWA from the office'" }).click();
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).nth(0)).toHaveAccessibleName('Priority 1: Block all OWA');
});

test('lockout warning offers the guard rule fix', async ({ page }) => {
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await newRule(page, 'Deny everything');
  await editor(page).getByRole('radio', { name: 'Deny access' }).check();
  const fix = editor(page).getByRole('button', {
    name: 'Insert the Always Allow Remote PowerShell guard rule at priority 1',
  });
  await expect(fix).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/editor-lockout.png' });
  await fix.click();
  await expect(rows(page).nth(0)).toHaveAccessibleName('Priority 1: Always Allow Remote PowerShell');
  await expect(rows(page).nth(1)).toHaveAccessibleName('Priority 2: Deny everything');
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(rows(page)).toHaveCount(1);
});

test('Exchange Server target offers only the admin center and Remote PowerShell and flags the rest', async ({ page }) => {
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await newRule(page, 'Block OWA');
  await pickOptions(page, 'Protocols', ['Outlook on the web']);
  await page.getByRole('combobox', { name: 'Target' }).selectOption('ExchangeServer');
  await expect(editor(page).getByText('Outlook on the web (OutlookWebApp): not supported by Exchange Server')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Checks: [1-9]\d* errors?/ })).toBeVisible();
  await editor(page).getByRole('button', { name: 'Protocols', exact: true }).click();
  await expect(page.getByRole('menuitemcheckbox')).toHaveCount(2);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Remove Outlook on the web from Protocols' }).click();
  await expect(page.getByRole('button', { name: /^Checks: (0 errors|No problems)/ })).toBeVisible();
});

test('typing in a field is one undo step; shortcuts in a text field stay with the browser', async ({ page }) => {
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await page.getByRole('button', { name: 'Add rule', exact: true }).click();
  const name = editor(page).getByRole('textbox', { name: 'Name', exact: true });
  await name.click();
  await name.press('End');
  await name.pressSequentially(' for admins');
  await expect(rows(page).nth(0)).toHaveAccessibleName('Priority 1: New rule for admins');
  await name.press('Control+z');
  await expect(rows(page)).toHaveCount(1);
  await page.getByRole('heading', { level: 2, name: /^New rule/ }).click();
  await name.fill('New rule for admins');
  await page.getByRole('heading', { level: 2, name: /^New rule/ }).click();
  await page.keyboard.press('Control+z');
  await expect(rows(page).nth(0)).toHaveAccessibleName('Priority 1: New rule');
  await page.keyboard.press('Control+z');
  await expect(rows(page)).toHaveCount(0);
  await page.keyboard.press('Control+Shift+Z');
  await page.keyboard.press('Control+y');
  await expect(rows(page).nth(0)).toHaveAccessibleName('Priority 1: New rule for admins');
});

test('a DatacenterAdminsOnly rule is shown read-only', async ({ page }) => {
  await openFreshApp(page, { target: 'ExchangeOnline' });
  const rules = [
    { name: 'Microsoft datacenter rule', action: 'AllowAccess', enabled: true, datacenterAdminsOnly: true },
    { name: 'Mine', action: 'DenyAccess', enabled: true, anyOfProtocols: ['OutlookWebApp'] },
  ];
  await seedProject(page, { format: 'client-access-rule-designer', version: 1, profile: 'ExchangeOnline', rules, tests: [] });
  await page.getByRole('button', { name: 'Microsoft datacenter rule', exact: true }).click();
  await expect(editor(page).getByText(/This is a DatacenterAdminsOnly rule/)).toBeVisible();
  await expect(editor(page).getByRole('textbox', { name: 'Name', exact: true })).toBeDisabled();
  await expect(editor(page).getByRole('button', { name: 'Protocols', exact: true })).toBeDisabled();
  await page.getByRole('button', { name: 'Mine', exact: true }).click();
  await expect(editor(page).getByRole('textbox', { name: 'Name', exact: true })).toBeEnabled();
});
