import { test, expect, openFreshApp, seriousAxeViolations } from './fixtures.ts';
import { importRules } from './import-helper.ts';

const MIXED = [
  "New-ClientAccessRule -Name 'Always Allow Remote PowerShell' -Action AllowAccess -AnyOfProtocols RemotePowerShell",
  "New-ClientAccessRule -Name 'Block POP and IMAP' -Action DenyAccess -AnyOfProtocols POP3,IMAP4",
  "New-ClientAccessRule -Name 'Block outside the office' -Action DenyAccess -ExceptAnyOfClientIPAddressesOrRanges 10.0.0.0/8,192.168.0.1-192.168.0.6",
  "New-ClientAccessRule -Name 'Block OWA outside' -Action DenyAccess -AnyOfProtocols OutlookWebApp -ExceptAnyOfClientIPAddressesOrRanges 10.0.0.0/8",
  "New-ClientAccessRule -Name 'Block bob' -Action DenyAccess -UsernameMatchesAnyOfPatterns 'CONTOSO\\bob'",
  '',
].join('\n');

test('migrate a mixed rule set: read the verdicts and the differences, download the zip', async ({ page }) => {
  // Import (Monaco), migration in the worker, downloads and axe: slow on a shared 2-core machine.
  test.slow();
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await importRules(page, MIXED, 5);
  await page.getByRole('tab', { name: 'Migrate' }).click();
  await expect(page.getByRole('heading', { name: 'Migrate off Client Access Rules' })).toBeVisible();

  await expect(page.getByRole('listitem', { name: 'Block POP and IMAP: Exact' })).toContainText('Kind: protocol');
  await expect(page.getByRole('listitem', { name: 'Block POP and IMAP: Exact' })).toContainText('Set-CASMailbox -PopEnabled $false');
  await expect(page.getByRole('listitem', { name: 'Block outside the office: Approximate' })).toContainText('Kind: ip');
  const owa = page.getByRole('listitem', { name: 'Block OWA outside: Not translatable' });
  await expect(owa).toContainText('Kind: protocol+ip');
  await expect(owa.getByRole('list', { name: 'Why not' })).toContainText('Conditional Access cannot limit a policy to one Exchange protocol');
  await expect(page.getByRole('listitem', { name: 'Block bob: Not translatable' })).toContainText('NetBIOS domain');

  await expect(page.getByText("Blocked today by rule 'Block bob' (priority 5), allowed after the migration: nothing translated blocks it")).toBeVisible();
  await expect(page.getByText("Allowed today by rule 'Always Allow Remote PowerShell' (priority 1), blocked after the migration by policy 'CAR 3: Block outside the office'")).toBeVisible();
  // The comparison is exact (no sampling): every end-user connection, in regions every rule treats alike.
  await expect(page.getByText(/^Compared every end-user connection, in \d+ groups that every rule and every translated policy or switch treats alike\. These are decided differently:$/)).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/migrate.png', fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download all (.zip)' }).click()]);
  expect(download.suggestedFilename()).toBe('migration.zip');
  const { readFile } = await import('node:fs/promises');
  const bytes = await readFile(await download.path());
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  // The zip: README with the id parameters, Graph JSON that parses, the deploy and Exchange scripts.
  const { unzipSync, strFromU8 } = await import('fflate');
  const files = unzipSync(new Uint8Array(bytes));
  expect(Object.keys(files).sort()).toEqual([
    'migration/README.md',
    'migration/deploy-graph.ps1',
    'migration/exchange-controls.ps1',
    'migration/groups.json',
    'migration/named-locations.json',
    'migration/policies.json',
    'migration/report.txt',
  ]);
  const text = (name: string) => strFromU8(files[`migration/${name}`] as Uint8Array);
  const policies = JSON.parse(text('policies.json')) as { displayName: string; state: string; conditions: { locations?: { excludeLocations: string[] } } }[];
  const outside = policies.find((p) => p.displayName === 'CAR 3: Block outside the office');
  expect(outside?.state).toBe('enabledForReportingButNotEnforced');
  const parameter = outside?.conditions.locations?.excludeLocations[0] ?? '';
  expect(parameter).toBe('{{namedLocation:CAR Block outside the office excepted IPs}}');
  expect(text('README.md')).toContain(`| \`${parameter}\` | the named location 'CAR Block outside the office excepted IPs' | named-locations.json |`);
  expect(JSON.parse(text('named-locations.json'))).toHaveLength(1);
  expect(text('deploy-graph.ps1')).toContain("(Read-Objects 'policies.json')");
  expect(text('exchange-controls.ps1')).toContain('Get-CASMailboxPlan | Set-CASMailboxPlan -PopEnabled $false -ImapEnabled $false');

  expect(await seriousAxeViolations(page)).toEqual([]);
});

test('the Migrate page fits a 390 px screen and works from the keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await importRules(page, MIXED, 5);
  // Below 1024 px the views are a picker: focus it and type the view's name (native select type-ahead).
  await page.getByRole('combobox', { name: 'View' }).focus();
  await page.keyboard.type('Migrate');
  await expect(page.getByRole('combobox', { name: 'View' })).toHaveValue('migrate');
  await expect(page.getByRole('listitem', { name: 'Block bob: Not translatable' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'e2e/screenshots/migrate-390.png', fullPage: true });
});
