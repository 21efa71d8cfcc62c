import { test, expect, openFreshApp, openView, seriousAxeViolations } from './fixtures.ts';
import type { Page } from '@playwright/test';
import { importRules, pasteIntoImport } from './import-helper.ts';

const DEPLOYED = "New-ClientAccessRule -Name 'Block IMAP' -Action DenyAccess -AnyOfProtocols IMAP4\n";
const DRAFT = [
  "New-ClientAccessRule -Name 'Always Allow Remote PowerShell' -Action AllowAccess -AnyOfProtocols RemotePowerShell",
  "New-ClientAccessRule -Name 'Block OWA outside' -Action DenyAccess -AnyOfProtocols OutlookWebApp -ExceptAnyOfClientIPAddressesOrRanges 10.0.0.0/8",
  'Test-ClientAccessRule -AuthenticationType BasicAuthentication -Protocol OutlookWebApp -RemoteAddress 203.0.113.7 -RemotePort 443 -User jeff@contoso.com',
  '',
].join('\n');

async function download(page: Page, fileName: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download .ps1' }).click()]);
  expect(file.suggestedFilename()).toBe(fileName);
  const { readFile } = await import('node:fs/promises');
  return readFile(await file.path(), 'utf8');
}

test('notes on a rule, then export a staged rollout and its rollback', async ({ page }) => {
  // Import (Monaco), migration in the worker, downloads and axe: slow on a shared 2-core machine.
  test.slow();
  await openFreshApp(page, { target: 'ExchangeOnline' });
  // What is deployed: the baseline.
  await pasteIntoImport(page, DEPLOYED);
  await expect(page.getByRole('heading', { name: 'Preview: 1 rule' })).toBeVisible();
  await page.getByRole('button', { name: 'Use as baseline (what is deployed)' }).click();
  await expect(page.getByText('Baseline set')).toBeVisible();
  await importRules(page, DRAFT, 2);

  // Notes: typed in the rule editor, shown in the rule list row.
  const rules = page.getByRole('list', { name: 'Rules in priority order' });
  await rules.getByRole('button', { name: 'Block OWA outside', exact: true }).click();
  await page.getByRole('textbox', { name: 'Owner' }).fill("Messaging team (O'Neil)");
  await page.getByRole('textbox', { name: 'Ticket' }).fill('CHG-1234');
  await page.getByLabel('Review date').fill('2026-06-30');
  await expect(rules.getByRole('listitem').nth(1).getByTestId('rule-notes')).toContainText(/Owner: Messaging team \(O'Neil\)Ticket: CHG-1234Review (date|overdue): 2026-06-30/);
  // Kept in the saved project: still there after a reload.
  await page.waitForTimeout(1500);
  await page.reload();
  await expect(rules.getByRole('listitem').nth(1).getByTestId('rule-notes')).toContainText(/Owner: Messaging team \(O'Neil\)Ticket: CHG-1234Review (date|overdue): 2026-06-30/);

  // Staged rollout, chosen from the keyboard.
  await page.getByRole('tab', { name: 'Export' }).click();
  await page.getByRole('radio', { name: 'Script' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'Staged rollout' })).toBeChecked();
  await expect(page.getByText(/Staged rollout from the baseline \(1 rule\)/)).toBeVisible();
  const rollout = await download(page, 'client-access-rules-rollout.ps1');
  // Re-runnable from a stage: -FromStage at the top, each stage its own guarded block, stage 1 stops for the cache.
  expect(rollout).toContain('param([ValidateSet(1, 2, 3)][int]$FromStage = 1)');
  const at = (text: string) => rollout.indexOf(text);
  expect(at('if ($FromStage -le 1) {')).toBeGreaterThan(0);
  expect(at('if ($FromStage -le 1) {')).toBeLessThan(at('if ($FromStage -le 2) {'));
  expect(at('if ($FromStage -le 2) {')).toBeLessThan(at('if ($FromStage -le 3) {'));
  expect(rollout).toMatch(/Wait that long, then run this script again with -FromStage 2\.'\n {4}return\n\}/);
  expect(rollout).toContain("an organisation's first rule up to 24 hours. Here: up to 1 hour (Client Access Rules are cached).");
  // The drift check compares every field and says which rule and field differ.
  expect(rollout).toContain("Assert-Deployed -Expected $baselineRules -State 'baseline'");
  expect(rollout).toContain("        Name = 'Block IMAP'; Action = 'DenyAccess'; Enabled = $true; Scope = 'All'\n        AnyOfProtocols = @('IMAP4')");
  expect(rollout).toContain('$rule field $name is $(Format-Values $d.$name); expected $(Format-Values $e[$name])');
  expect(rollout).toMatch(/ {4}# Note Owner: 'Messaging team \(O''Neil\)'\n {4}# Note Ticket: 'CHG-1234'\n {4}# Note Review date: '2026-06-30'\n {4}New-ClientAccessRule -Name 'Block OWA outside'[\s\S]*?-Enabled \$false/);
  expect(rollout).toContain("-Expected DenyAccess -ExpectedRule 'Block OWA outside' -Rows @(Test-ClientAccessRule");
  expect(rollout).toContain("Set-ClientAccessRule -Identity 'Block OWA outside' -Enabled $true");
  await page.screenshot({ path: 'e2e/screenshots/export-rollout.png', fullPage: true });
  expect(await seriousAxeViolations(page)).toEqual([]);

  await page.getByRole('radio', { name: 'Rollback' }).click();
  const rollback = await download(page, 'client-access-rules-rollback.ps1');
  expect(rollback).toContain("Assert-Deployed -Expected $draftRules -State 'draft'");
  expect(rollback).toContain("Remove-ClientAccessRule -Identity 'Block OWA outside' -Confirm:$false");
  expect(rollback).toContain("New-ClientAccessRule -Name 'Block IMAP' -Action DenyAccess -AnyOfProtocols IMAP4 -Priority 1");
});

test('the export modes fit a 390 px screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await openView(page, 'Export');
  await page.getByRole('radio', { name: 'Staged rollout' }).click();
  await expect(page.getByText(/Staged rollout from no deployed rules/)).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
