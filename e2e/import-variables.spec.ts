import { test, expect, openFreshApp, openView, seriousAxeViolations } from './fixtures.ts';
import { pasteIntoImport } from './import-helper.ts';

const PARAMETERISED = [
  'param(',
  "    [string]$RuleName = 'Block legacy auth',",
  '    [string[]]$OfficeNetworks',
  ')',
  '$params = @{',
  '    Name           = $RuleName',
  "    Action         = 'DenyAccess'",
  "    AnyOfProtocols = @('IMAP4', 'POP3')",
  '}',
  '$params.ExceptAnyOfClientIPAddressesOrRanges = $OfficeNetworks',
  'New-ClientAccessRule @params',
  '',
].join('\n');

test('a parameterised script: the open variable is listed with where it is used, a value typed re-reads the script, and the rule can be applied', async ({ page }) => {
  test.slow(); // Monaco and axe on a shared, busy machine
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await pasteIntoImport(page, PARAMETERISED);
  await expect(page.getByRole('heading', { name: 'Values the script leaves open' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Preview: 0 rules' })).toBeVisible();
  const field = page.getByLabel('$OfficeNetworks');
  await expect(field).toBeVisible();
  await expect(page.getByRole('button', { name: /10:48 -ExceptAnyOfClientIPAddressesOrRanges/ })).toBeVisible();
  expect(await seriousAxeViolations(page)).toEqual([]);

  // From the keyboard: focus the field, type the list; the script is read again.
  await field.focus();
  await page.keyboard.type('198.51.100.0/24, 203.0.113.7');
  await expect(page.getByRole('heading', { name: 'Preview: 1 rule' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Imported rules preview' })).toContainText('Block legacy auth');
  await expect(page.getByText('Given.')).toBeVisible();

  // The text and the value survive a visit to another page.
  await openView(page, 'Design');
  await openView(page, 'Import');
  await expect(page.getByLabel('$OfficeNetworks')).toHaveValue('198.51.100.0/24, 203.0.113.7');
  await expect(page.getByRole('heading', { name: 'Preview: 1 rule' })).toBeVisible();

  await page.getByRole('button', { name: 'Replace my rules' }).click();
  await expect(page.getByText('Rules replaced')).toBeVisible();
  await openView(page, 'Design');
  await expect(page.getByRole('list', { name: 'Rules in priority order' }).getByRole('listitem')).toHaveCount(1);
});

const CREATE_IF_MISSING = [
  "param([string]$RuleName = 'Block legacy auth')",
  'if (-not (Get-ClientAccessRule -Identity $RuleName -ErrorAction SilentlyContinue)) {',
  '    New-ClientAccessRule -Name $RuleName -Action DenyAccess -AnyOfProtocols OutlookWebApp `',
  '        -ExceptAnyOfClientIPAddressesOrRanges $OfficeNetworks',
  '}',
  '',
].join('\n');

test('a "create the rule if missing" script: the command inside the if is read, the conditional is shown, a value builds the rule', async ({ page }) => {
  test.slow(); // Monaco and axe on a shared, busy machine
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await pasteIntoImport(page, CREATE_IF_MISSING);
  await expect(page.getByRole('heading', { name: 'Values the script leaves open' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Preview: 0 rules' })).toBeVisible();
  // The finding at the if: where, the condition as written, and the assumption.
  const conditional = page
    .getByRole('list', { name: 'Import findings' })
    .getByRole('listitem')
    .filter({ hasText: 'New-ClientAccessRule on line 3 runs only if (-not (Get-ClientAccessRule -Identity $RuleName -ErrorAction SilentlyContinue))' });
  await expect(conditional).toBeVisible();
  await expect(conditional).toContainText('the import assumes this branch runs');
  await expect(conditional.getByRole('img', { name: 'Warning' })).toBeVisible();
  await expect(conditional.getByRole('button', { name: 'Line 2, column 1' })).toBeVisible();
  expect(await seriousAxeViolations(page)).toEqual([]);

  const field = page.getByLabel('$OfficeNetworks');
  await field.focus();
  await page.keyboard.type('198.51.100.0/24');
  await expect(page.getByRole('heading', { name: 'Preview: 1 rule' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Imported rules preview' })).toContainText('Block legacy auth');
  // The assumption is still said after the value is given.
  await expect(conditional).toBeVisible();

  await page.getByRole('button', { name: 'Replace my rules' }).click();
  await expect(page.getByText('Rules replaced')).toBeVisible();
  await openView(page, 'Design');
  await expect(page.getByRole('list', { name: 'Rules in priority order' }).getByRole('listitem')).toHaveCount(1);
});
