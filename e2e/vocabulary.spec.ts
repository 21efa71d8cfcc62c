import { test, expect, openFreshApp, seriousAxeViolations } from './fixtures.ts';
import { realisticProject, seedProject } from './projects.ts';
import { authenticationDisplayName, protocolDisplayName } from '../src/core/describe.ts';
import { AUTHENTICATION_TYPES, PROTOCOLS } from '../src/core/model/types.ts';

/**
 * One vocabulary: every screen names protocols and authentication types by their display names (from
 * core's one table), with the PowerShell value as secondary text. The names come from core here too,
 * so this test fails if a screen shows the PowerShell value instead, not if the wording changes.
 */
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('the rule editor pickers show display names first, the PowerShell value as secondary text', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await page.getByRole('button', { name: 'Add rule', exact: true }).click();
  const editor = page.getByRole('region', { name: 'Rule editor' });

  await editor.getByRole('button', { name: 'Protocols', exact: true }).click();
  await expect(page.getByRole('menuitemcheckbox')).toHaveCount(PROTOCOLS.length);
  for (const protocol of PROTOCOLS) {
    const item = page.getByRole('menuitemcheckbox', { name: new RegExp(`^${escape(protocolDisplayName(protocol))}(\\s|$)`) });
    await expect(item).toHaveCount(1);
    await expect(item).toContainText(protocol);
  }
  const first = page.getByRole('menuitemcheckbox').first();
  await expect(first).toHaveText(new RegExp(`^${escape(protocolDisplayName(PROTOCOLS[0]))}`));
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.getByRole('menuitemcheckbox', { name: /^Outlook on the web\b/ }).click();
  await page.keyboard.press('Escape');
  await expect(editor.getByRole('button', { name: 'Protocols', exact: true })).toHaveText('Outlook on the web');

  await editor.getByRole('button', { name: 'Authentication types', exact: true }).click();
  await expect(page.getByRole('menuitemcheckbox')).toHaveCount(AUTHENTICATION_TYPES.length);
  for (const type of AUTHENTICATION_TYPES) {
    const item = page.getByRole('menuitemcheckbox', { name: new RegExp(`^${escape(authenticationDisplayName(type))}(\\s|$)`) });
    await expect(item).toHaveCount(1);
    await expect(item).toContainText(type);
  }
  await page.getByRole('menuitemcheckbox', { name: /^Basic\b/ }).click();
  await page.keyboard.press('Escape');
  await expect(editor.getByRole('button', { name: 'Authentication types', exact: true })).toHaveText('Basic');
  await expect(page.getByRole('list', { name: 'Rules in priority order' }).getByRole('listitem').first()).toContainText('Protocols: Outlook on the web · Auth: Basic');
});

test('the simulator offers display names, shows the PowerShell value beside them, and describes saved tests in the same words', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openFreshApp(page);
  await seedProject(page, realisticProject());
  const simulator = page.getByRole('region', { name: 'Simulator' });
  const protocol = simulator.getByLabel('Protocol', { exact: true });
  const authentication = simulator.getByLabel('Authentication type', { exact: true });
  await expect(protocol.locator('option')).toHaveText(PROTOCOLS.map(protocolDisplayName));
  await expect(authentication.locator('option')).toHaveText(AUTHENTICATION_TYPES.map(authenticationDisplayName));

  await protocol.selectOption('ExchangeAdminCenter');
  await authentication.selectOption('OAuthAuthentication');
  // The PowerShell values are the fields' secondary text (what Test-ClientAccessRule takes).
  const form = simulator.getByRole('region', { name: 'Connection', exact: true });
  await expect(form.getByText('ExchangeAdminCenter', { exact: true })).toBeVisible();
  await expect(form.getByText('OAuthAuthentication', { exact: true })).toBeVisible();
  // The trace names the matched protocol the same way.
  await expect(simulator.getByRole('region', { name: 'Deciding rule' })).toContainText('Protocol: matched (Exchange admin center (ExchangeAdminCenter))');
  // The select is wide enough for the longest display name: nothing is cut.
  await protocol.selectOption('PowerShellWebServices');
  const clipped = await protocol.evaluate((select: HTMLSelectElement) => {
    const probe = document.createElement('span');
    probe.style.cssText = `position:absolute;visibility:hidden;white-space:nowrap;font:${getComputedStyle(select).font}`;
    probe.textContent = select.selectedOptions[0]?.textContent ?? '';
    document.body.append(probe);
    const width = probe.getBoundingClientRect().width;
    probe.remove();
    const style = getComputedStyle(select);
    return width > select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  });
  expect(clipped, 'the selected protocol fits its select').toBe(false);

  const tests = simulator.getByRole('list', { name: 'Saved test cases' });
  await expect(tests).toContainText('Outlook on the web with Basic authentication from 198.18.0.7 as jeff@contoso.com (Department=Sales)');
  await expect(tests).not.toContainText('OutlookWebApp, BasicAuthentication');
});
