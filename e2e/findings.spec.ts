import { test, expect, openFreshApp, openView, seriousAxeViolations } from './fixtures.ts';
import { seedProject } from './projects.ts';
import type { ProjectDoc } from './projects.ts';

/** Three rules: the last is shadowed by the first (every OWA connection is denied first). */
function shadowedProject(): ProjectDoc {
  return {
    format: 'client-access-rule-designer',
    version: 1,
    profile: 'ExchangeOnline',
    rules: [
      { name: 'Block Outlook on the web for everyone in every office and branch', action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp'] },
      { name: 'Allow admins', action: 'AllowAccess', anyOfProtocols: ['RemotePowerShell'], anyOfClientIPAddressesOrRanges: ['10.0.0.300'] },
      { name: 'Allow Outlook on the web from the head office network for the sales department', action: 'AllowAccess', anyOfProtocols: ['OutlookWebApp'], anyOfClientIPAddressesOrRanges: ['203.0.113.0/24'] },
    ],
    tests: [],
  };
}

for (const width of [1024, 390]) {
  test(`findings read as a one-line headline with details on demand (editor, analysis) at ${width} px`, async ({ page }) => {
    test.slow();
    await page.setViewportSize({ width, height: width === 390 ? 844 : 768 });
    await openFreshApp(page);
    await seedProject(page, shadowedProject());
    const rows = page.getByRole('list', { name: 'Rules in priority order' }).getByRole('listitem');
    await rows.nth(2).getByRole('button', { name: /^Allow Outlook on the web from the head office/ }).click();
    const editor = page.getByRole('region', { name: 'Rule editor' });
    const finding = editor.getByRole('group').filter({ hasText: 'Never decides: earlier rules decide first' });
    await expect(finding).toBeVisible();
    // One line at 1024 px: the headline and its Details button fit on a single line.
    const headline = finding.getByText('Never decides: earlier rules decide first');
    const box = await headline.boundingBox();
    expect(box!.height).toBeLessThan(26);
    await expect(finding).not.toContainText('Block Outlook on the web for everyone');
    // Keyboard: Tab to Details, Enter opens, Enter closes.
    const details = finding.getByRole('button', { name: 'Details' });
    await details.focus();
    await expect(details).toHaveAttribute('aria-expanded', 'false');
    await page.keyboard.press('Enter');
    await expect(details).toHaveAttribute('aria-expanded', 'true');
    await expect(finding).toContainText("decided first by 'Block Outlook on the web for everyone in every office and branch'");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.keyboard.press('Enter');
    await expect(finding).not.toContainText('decided first by');

    // The rule list's badge tooltip lists the headline, not the whole message.
    // The Analysis view lists the same finding the same way, with the rule beside it.
    await openView(page, 'Analysis');
    const analysis = page.getByRole('list', { name: 'Rule findings' });
    const item = analysis.getByRole('listitem').filter({ hasText: 'Never decides: earlier rules decide first' });
    await expect(item).toContainText('#3 Allow Outlook on the web from the head office');
    await expect(item).not.toContainText('decided first by');
    await item.getByRole('button', { name: 'Details' }).click();
    await expect(item).toContainText('decided first by');
    if (width === 390) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    }
  });
}
