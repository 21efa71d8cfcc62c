import { test, expect, openFreshApp, openView, seriousAxeViolations } from './fixtures.ts';
import type { Page } from '@playwright/test';

async function noHorizontalOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(0);
}

test('AD FS: generate scenario 2 from typed networks, test requests by keyboard, see a pasted pitfall explained', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1200 });
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await page.getByRole('tab', { name: 'AD FS' }).click();

  await page.getByLabel('Corporate public networks').fill('192.168.1.1-192.168.1.25\n10.0.0.1-10.0.0.14');
  await page.getByRole('radio', { name: /^2\. / }).check();
  await expect(page.getByLabel('Generated regular expression')).toHaveText('(?:^|,) *(?:10\\.0\\.0\\.(?:[1-9]|1[0-4])|192\\.168\\.1\\.(?:[1-9]|1[0-9]|2[0-5])) *(?:,|$)');
  const rules = page.getByLabel('Generated claim rules');
  await expect(rules).toContainText('Value == "Microsoft.Exchange.ActiveSync"');
  await expect(rules).not.toContainText('https://');
  await expect(page.getByRole('list', { name: 'Pitfalls and notes' })).toContainText('not a security boundary');

  const decision = page.getByRole('status', { name: 'AD FS decision' });
  // ActiveSync from outside: permitted.
  await expect(decision).toContainText('Permit');
  // Outlook from outside: denied, by keyboard only.
  await page.getByLabel('Client application').focus();
  await page.getByLabel('Client application').selectOption('Microsoft.Exchange.RPC');
  await expect(decision).toContainText('Deny');
  await expect(decision).toContainText('issued the deny claim');
  // The same client from a corporate address (second in the list): permitted.
  await page.getByLabel('Forwarded client IPs').fill('198.51.100.4, 192.168.1.20');
  await expect(decision).toContainText('Permit');
  // An address that only starts like a corporate one is outside.
  await page.getByLabel('Forwarded client IPs').fill('192.168.1.250');
  await expect(decision).toContainText('Deny');
  await page.screenshot({ path: 'e2e/screenshots/adfs.png', fullPage: true });

  // A hand-written rule with the published unanchored lookahead and https types: explained.
  await page.getByLabel('Claim rules to test').fill(`=> issue(Type = "http://schemas.microsoft.com/authorization/claims/permit", Value = "true");
exists([Type == "http://schemas.microsoft.com/2012/01/requestcontext/claims/x-ms-proxy"]) &&
exists([Type == "https://schemas.microsoft.com/2012/01/requestcontext/claims/x-ms-forwarded-client-ip", Value =~ "^(?!192\\.168\\.1\\.77|10\\.83\\.118\\.23)"])
=> issue(Type = "http://schemas.microsoft.com/authorization/claims/deny", Value = "true");`);
  const problems = page.getByRole('list', { name: 'Problems in the claim rules' });
  await expect(problems).toContainText('http, not https');
  await expect(problems).toContainText('10.83.118.230');
  await page.getByRole('button', { name: 'Use the generated rules' }).click();
  await expect(problems).toBeHidden();
  expect(await seriousAxeViolations(page)).toEqual([]);
});

test('AD FS: networks from the Client Access Rules, scenario 4 needs a SID, bad input is named', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1200 });
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await page.getByRole('tab', { name: 'AD FS' }).click();
  await page.getByLabel('Corporate public networks').fill('10.0.0.1\n2001:db8::/32\n10.0.0.300');
  const problems = page.getByRole('list', { name: 'Problems with the policy input' });
  await expect(problems).toContainText("network 2 '2001:db8::/32'");
  await expect(problems).toContainText("network 3 '10.0.0.300'");
  await page.getByLabel('Corporate public networks').fill('203.0.113.0/24');
  await page.getByRole('radio', { name: /^4\. / }).check();
  await expect(problems).toContainText('scenario 4 needs at least one group SID');
  await page.getByLabel('Group SIDs allowed from outside').fill('S-1-5-21-1-2-3-1104');
  await expect(page.getByLabel('Generated claim rules')).toContainText('Value == "S-1-5-21-1-2-3-1104"');
  // The inputs survive a switch to another view and back.
  await page.getByRole('tab', { name: 'ActiveSync' }).click();
  await page.getByRole('tab', { name: 'AD FS' }).click();
  await expect(page.getByLabel('Corporate public networks')).toHaveValue('203.0.113.0/24');
  await expect(page.getByLabel('Group SIDs allowed from outside')).toHaveValue('S-1-5-21-1-2-3-1104');
  await page.getByRole('button', { name: 'Use the addresses the Client Access Rules let in' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'let in no IPv4 network' })).toBeVisible();
});

test('ActiveSync: rules, default and personal lists decide a device; import, device impact, export; kept after reload; undo', async ({ page }) => {
  test.slow(); // Many steps plus an axe scan and a reload: give it three times the default budget.
  await page.setViewportSize({ width: 1400, height: 1400 });
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await page.getByRole('tab', { name: 'ActiveSync' }).click();

  // The seed's rule, entered by keyboard: Enter submits the form.
  await page.getByLabel('Characteristic', { exact: true }).selectOption('DeviceType');
  await page.getByLabel('Query string').fill('Android');
  await page.getByLabel('Access level', { exact: true }).selectOption('Block');
  await page.getByLabel('Query string').press('Enter');
  const rulesTable = page.getByRole('table', { name: 'Device access rules' });
  await expect(rulesTable).toContainText('Android (DeviceType)');
  // A duplicate differing only in case is refused with the reason.
  await page.getByLabel('Query string').fill('ANDROID');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.getByText('a rule "Android (DeviceType)" already exists')).toBeVisible();

  await page.getByLabel(/Organization default access level/).selectOption('Quarantine');

  const decision = page.getByRole('status', { name: 'Device access decision' });
  await page.getByLabel('User (mailbox)').fill('jeff@contoso.com');
  await page.getByLabel('Device ID', { exact: true }).fill('ANDROIDC1');
  await page.getByLabel('Device type', { exact: true }).fill('Android');
  await expect(decision).toContainText('Blocked');
  await expect(decision).toContainText('Decided by: A Block rule matches ("Android (DeviceType)")');
  await page.getByLabel('Device type', { exact: true }).fill('iPhone');
  await expect(decision).toContainText('Quarantined');
  await expect(decision).toContainText('Organization default access level');

  // A personal allow list entry comes before the rules.
  await page.getByLabel('Mailbox', { exact: true }).fill('jeff@contoso.com');
  await page.getByLabel('Allowed device IDs').fill('androidc1');
  await page.getByRole('button', { name: 'Save mailbox settings' }).click();
  await page.getByLabel('Device type', { exact: true }).fill('Android');
  await expect(decision).toContainText('Allowed');
  await expect(decision).toContainText("Device ID in the user's allowed list");

  // Import commands on top, with an error named by line.
  await page.getByLabel('PowerShell commands').fill(
    "New-ActiveSyncDeviceAccessRule -Characteristic DeviceOS -QueryString 'iOS 16.1 20B82' -AccessLevel Allow\nNew-ActiveSyncDeviceAccessRule -Characteristic DeviceBrand -QueryString X -AccessLevel Block",
  );
  await page.getByRole('button', { name: 'Import commands' }).click();
  await expect(rulesTable).toContainText('iOS 16.1 20B82 (DeviceOS)');
  await expect(page.getByRole('list', { name: 'Import problems' })).toContainText("Line 2, column 48: -Characteristic: 'DeviceBrand' is not one of");

  // Which devices each rule would hit.
  await page.getByLabel('Get-MobileDevice output').fill(
    'DeviceType      : Android\nDeviceModel     : SM-G991B\nDeviceOS        : Android 13\nDeviceUserAgent : Android/13\nDeviceId        : X9\n\nDeviceType      : iPhone\nDeviceModel     : iPhone14C2\nDeviceOS        : iOS 16.1 20B82\nDeviceId        : Y7\n',
  );
  const impact = page.getByRole('table', { name: 'Devices and the rules that hit them' });
  await expect(impact.getByRole('row').nth(1)).toContainText('Android (DeviceType)');
  await expect(impact.getByRole('row').nth(1)).toContainText('Blocked');
  await expect(impact.getByRole('row').nth(2)).toContainText('iOS 16.1 20B82 (DeviceOS)');
  await expect(impact.getByRole('row').nth(2)).toContainText('Allowed');

  const script = page.getByLabel('ActiveSync PowerShell script');
  await expect(script).toContainText('Set-ActiveSyncOrganizationSettings -DefaultAccessLevel Quarantine');
  await expect(script).toContainText('New-ActiveSyncDeviceAccessRule -Characteristic DeviceType -QueryString Android -AccessLevel Block');
  await expect(script).toContainText("Set-CASMailbox -Identity 'jeff@contoso.com' -ActiveSyncEnabled $true -ActiveSyncAllowedDeviceIDs androidc1 -ActiveSyncBlockedDeviceIDs $null");
  await page.screenshot({ path: 'e2e/screenshots/activesync.png', fullPage: true });
  expect(await seriousAxeViolations(page)).toEqual([]);

  // One undo step removes the imported rule.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(rulesTable).not.toContainText('iOS 16.1 20B82');
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(rulesTable).toContainText('iOS 16.1 20B82');

  // Saved with the project: still there after a reload.
  await page.waitForTimeout(1500);
  await page.reload();
  await page.getByRole('tab', { name: 'ActiveSync' }).click();
  await expect(page.getByRole('table', { name: 'Device access rules' })).toContainText('Android (DeviceType)');
  await expect(page.getByLabel(/Organization default access level/)).toHaveValue('Quarantine');
});

for (const width of [390, 1920]) {
  test(`AD FS and ActiveSync fit ${width}px without horizontal overflow, in the dark theme too`, async ({ page }) => {
    test.slow(); // Two axe scans.
    await page.setViewportSize({ width, height: 900 });
    await openFreshApp(page, { target: 'ExchangeOnline' });
    await openView(page, 'AD FS');
    await page.getByLabel('Corporate public networks').fill('192.168.1.1-192.168.1.25\n10.0.0.0/8');
    await expect(page.getByLabel('Generated claim rules')).toBeVisible();
    await noHorizontalOverflow(page);
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await openView(page, 'ActiveSync');
    await page.getByLabel('Query string').fill('Android-SAMSUNG-SM-G991B/101.130-a-very-long-user-agent-string');
    await page.getByLabel('Characteristic', { exact: true }).selectOption('UserAgent');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await expect(page.getByRole('table', { name: 'Device access rules' })).toBeVisible();
    await noHorizontalOverflow(page);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: `e2e/screenshots/activesync-dark-${width}.png`, fullPage: true });
  });
}
