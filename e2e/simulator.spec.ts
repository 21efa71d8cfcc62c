import { test, expect, openFreshApp } from './fixtures.ts';
import { EXCEPTION_SCRIPT, importRules } from './import-helper.ts';

test('the trace shows an exception letting evaluation continue to a later deny', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1400 });
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await importRules(page, EXCEPTION_SCRIPT, 2);
  const simulator = page.getByRole('region', { name: 'Simulator' });

  await simulator.getByLabel('Protocol', { exact: true }).selectOption('OutlookWebApp');
  await simulator.getByLabel('Authentication type', { exact: true }).selectOption('BasicAuthentication');
  await simulator.getByLabel('Client IP address').fill('203.0.113.10');
  await simulator.getByRole('textbox', { name: 'User', exact: true }).fill('jeff@contoso.com');
  await expect(simulator.getByText('contoso.com\\jeff')).toBeVisible();

  const result = simulator.getByTestId('simulation-result');
  await expect(result).toContainText('Denied');
  await expect(result).toContainText('Denied by rule 2 "Block basic auth"');
  // The verdict, grouped: the deciding rule and why, then the rule whose exception let the connection through.
  const trace = simulator.getByRole('region', { name: 'Evaluation trace' });
  const decided = trace.getByRole('region', { name: 'Deciding rule' });
  await expect(decided).toContainText('2. Block basic auth');
  await expect(decided).toContainText('Condition Authentication type: matched');
  const excepted = trace.getByRole('region', { name: 'Exceptions that let the connection through' });
  await expect(excepted).toContainText('1. Block OWA external');
  await expect(excepted).toContainText('Exception Client IP address: matched (203.0.113.0/24');
  await simulator.screenshot({ path: 'e2e/screenshots/simulator-exception.png' });

  // The same verdict on the rule list: the deciding rule marked, the exception marked.
  const rows = page.getByRole('list', { name: 'Rules in priority order' }).getByRole('listitem');
  await expect(rows.nth(0).getByTestId('what-if-outcome')).toHaveText('Exception let it through');
  await expect(rows.nth(1).getByTestId('what-if-outcome')).toHaveText('Decides');
  await expect(rows.nth(1)).toHaveAttribute('data-outcome', 'decided');

  // A link in the trace opens the rule in the editor.
  await excepted.getByRole('button', { name: 'Open rule 1 Block OWA external' }).click();
  await expect(page.getByRole('region', { name: 'Rule editor' }).getByRole('heading', { name: 'Block OWA external' })).toBeVisible();

  // Another authentication type: nothing matches, allowed by default; each rule's first unmet condition is named.
  await simulator.getByLabel('Authentication type', { exact: true }).selectOption('OAuthAuthentication');
  await expect(result).toContainText('Allowed by default');
  const notMatched = trace.getByRole('region', { name: 'Rules that did not match' });
  await expect(notMatched).toContainText('Condition Authentication type: not matched (connection uses OAuth (modern) (OAuthAuthentication))');
  await trace.getByRole('switch', { name: 'Show only rules that matched' }).click();
  await expect(notMatched).toBeHidden();
  await expect(rows.nth(1).getByTestId('what-if-outcome')).toHaveText('Not matched');

  // From outside the office the first rule decides.
  await simulator.getByLabel('Client IP address').fill('198.51.100.7');
  await expect(result).toContainText('Denied by rule 1 "Block OWA external"');

  // A bad address is reported where it was typed.
  await simulator.getByLabel('Client IP address').fill('198.51.100');
  await expect(simulator.getByText('"198.51.100" is not an IPv4 or IPv6 address')).toBeVisible();
  await simulator.getByLabel('Client port').fill('70000');
  await expect(simulator.getByText('Port 70000 is outside 1–65535.')).toBeVisible();
});

test('saved test cases pass, then fail when a rule is disabled; Test-ClientAccessRule mode lists the disabled rule', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1400 });
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await importRules(page, EXCEPTION_SCRIPT, 2);
  const simulator = page.getByRole('region', { name: 'Simulator' });
  await expect(simulator.getByTestId('simulation-result')).toContainText('Denied by rule 2');

  await simulator.getByRole('button', { name: 'Save as test case' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save as test case' });
  await dialog.getByLabel('Test case name').fill('Office OWA with basic auth is denied');
  await expect(dialog.getByRole('radio', { name: 'DenyAccess' })).toBeChecked();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();

  const tests = simulator.getByRole('list', { name: 'Saved test cases' });
  await expect(tests.getByRole('listitem', { name: 'Test case Office OWA with basic auth is denied: pass' })).toBeVisible();
  await expect(simulator.getByLabel('Test-ClientAccessRule commands')).toContainText(
    "Test-ClientAccessRule -AuthenticationType BasicAuthentication -Protocol OutlookWebApp -RemoteAddress 203.0.113.10 -RemotePort 443 -User 'jeff@contoso.com'",
  );

  await page.getByRole('switch', { name: 'Enabled: Block basic auth' }).click();
  await expect(tests.getByRole('listitem', { name: 'Test case Office OWA with basic auth is denied: fail' })).toBeVisible();
  await expect(simulator.getByText('Disabled rules would have matched')).toBeVisible();

  await simulator.getByRole('switch', { name: 'Test-ClientAccessRule compatible' }).click();
  const output = simulator.getByRole('table', { name: 'Test-ClientAccessRule output' });
  await expect(output.getByRole('row').nth(1)).toContainText('Block basic auth');
  // The headline stays the live decision: the disabled rule does not deny.
  await expect(simulator.getByTestId('simulation-result')).toContainText('Allowed by default');
  await simulator.screenshot({ path: 'e2e/screenshots/simulator-tests.png' });

  await tests.getByRole('button', { name: 'Remove Office OWA with basic auth is denied' }).click();
  await expect(simulator.getByText('No saved test cases yet.')).toBeVisible();
});

test('user attributes feed the recipient filter; a Microsoft middle-tier app bypasses the rules', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1400 });
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await importRules(page, "New-ClientAccessRule -Name 'Block Sales' -Action DenyAccess -UserRecipientFilter \"Department -eq 'Sales'\"\n", 1);
  const simulator = page.getByRole('region', { name: 'Simulator' });
  const result = simulator.getByTestId('simulation-result');
  await expect(result).toContainText('Allowed by default');

  await simulator.getByRole('button', { name: 'Add attribute' }).click();
  await simulator.getByLabel('Attribute 1 property').selectOption('Department');
  await simulator.getByLabel('Attribute 1 value').fill('sales');
  await expect(result).toContainText('Denied by rule 1 "Block Sales"');

  await simulator.getByLabel('Connection type').selectOption('MicrosoftMiddleTierApp');
  await expect(result).toContainText('Allowed: Microsoft middle-tier bypass');
  await simulator.getByLabel('Connection type').selectOption('EndUser');
  await expect(result).toContainText('Denied by rule 1');

  await simulator.getByRole('button', { name: 'Remove attribute Department' }).click();
  await expect(result).toContainText('Allowed by default');
});

test('the simulator works from the keyboard alone', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1400 });
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await importRules(page, EXCEPTION_SCRIPT, 2);
  const simulator = page.getByRole('region', { name: 'Simulator' });
  const result = simulator.getByTestId('simulation-result');

  await simulator.getByLabel('Protocol', { exact: true }).focus();
  // Type-ahead over the options' display names ("Outlook on the web").
  await page.keyboard.type('Outlook on');
  await expect(simulator.getByLabel('Protocol', { exact: true })).toHaveValue('OutlookWebApp');
  await page.keyboard.press('Tab');
  await expect(simulator.getByLabel('Authentication type', { exact: true })).toBeFocused();
  await page.keyboard.type('Basic');
  await page.keyboard.press('Tab');
  await expect(simulator.getByLabel('Client IP address')).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('198.51.100.7');
  await expect(result).toContainText('Denied by rule 1 "Block OWA external"');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('203.0.113.10');
  await expect(result).toContainText('Denied by rule 2 "Block basic auth"');

  await simulator.getByRole('button', { name: 'Save as test case' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Save as test case' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Test case name')).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Keyboard test');
  await dialog.getByRole('button', { name: 'Save' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(
    simulator.getByRole('list', { name: 'Saved test cases' }).getByRole('listitem', { name: 'Test case Keyboard test: pass' }),
  ).toBeVisible();
});
