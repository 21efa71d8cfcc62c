import type { Page } from '@playwright/test';
import { test, expect, openFreshApp, seriousAxeViolations } from './fixtures.ts';
import { realisticProject, seedProject } from './projects.ts';
import type { ProjectDoc } from './projects.ts';

/** The realistic project as the draft (admin path declared), and as the baseline without the quarantine rule and with OWA open. */
function projects(): { draft: ProjectDoc & { adminPath: unknown }; baseline: ProjectDoc } {
  const draft = {
    ...realisticProject(),
    adminPath: { protocols: ['RemotePowerShell'], addresses: ['192.168.10.0/24'], users: [{ user: 'admin@contoso.com', attributes: {} }] },
  };
  const base = realisticProject();
  const baseline = { ...base, rules: base.rules.filter((r) => r.name !== 'Deny everything from the quarantine range' && r.name !== 'Outlook on the web only from the office for Sales') };
  return { draft, baseline };
}

async function openMatrix(page: Page) {
  const width = page.viewportSize()?.width ?? 1280;
  if (width < 1024) await page.getByRole('tab', { name: 'Simulator' }).click();
  const simulator = page.getByRole('region', { name: 'Simulator' });
  await simulator.getByRole('button', { name: 'Open batch what-if' }).click();
  const drawer = page.getByRole('dialog', { name: 'Batch what-if' });
  await expect(drawer).toBeVisible();
  return drawer;
}

test('the batch what-if lists every saved test and admin-path connection with pass/fail and the change since the baseline', async ({ page }) => {
  test.slow(); // seeding, evaluation and axe on a shared, busy machine
  await page.setViewportSize({ width: 1280, height: 800 });
  await openFreshApp(page);
  const { draft, baseline } = projects();
  await seedProject(page, draft, baseline);

  const simulator = page.getByRole('region', { name: 'Simulator' });
  const batch = simulator.getByRole('region', { name: 'Batch what-if' });
  await expect(batch).toContainText('3 saved tests and 2 admin-path connections');
  await expect(batch).toContainText('1 changed since the baseline');

  const drawer = await openMatrix(page);
  const table = drawer.getByRole('table', { name: 'Batch what-if' });
  await expect(table.getByRole('columnheader')).toHaveText(['Test', 'Expected', 'Draft decision', 'Result', 'Since the baseline']);
  const rows = table.getByRole('row');
  await expect(rows).toHaveCount(6);
  const owa = table.getByRole('row', { name: /^Sales user on OWA from home is denied/ });
  await expect(owa).toContainText('Deny');
  await expect(owa).toContainText('by "Outlook on the web only from the office for Sales"');
  await expect(owa).toContainText('Pass');
  await expect(owa).toContainText('Decision changed');
  await expect(owa).toContainText('by default (no rule matches)');
  const admin = table.getByRole('row', { name: /^Admin path 1: admin@contoso.com: pass/ });
  await expect(admin).toContainText('Remote PowerShell');
  await expect(admin).toContainText('from 192.168.10.0 as admin@contoso.com');
  await expect(admin).toContainText('by "Always Allow Remote PowerShell"');
  await expect(admin).toContainText('Unchanged');
  expect(await seriousAxeViolations(page)).toEqual([]);

  // Keyboard: one tab stop, arrows move between rows, Enter opens the row in the simulator.
  await rows.nth(1).focus();
  await expect(rows.nth(1)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(owa).toBeFocused();
  await page.keyboard.press('End');
  await expect(rows.nth(5)).toBeFocused();
  await page.keyboard.press('Home');
  await expect(rows.nth(1)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(drawer).toBeHidden();
  await expect(simulator.getByLabel('Client IP address')).toHaveValue('198.18.0.7');
  await expect(simulator.getByLabel('Protocol', { exact: true })).toHaveValue('OutlookWebApp');
  await expect(simulator.getByTestId('simulation-result')).toContainText('Denied');
  await expect(simulator.getByRole('heading', { name: 'Result' })).toBeFocused();

  // A click opens a row too; a failing test is marked as such.
  await simulator.getByRole('button', { name: 'Open batch what-if' }).click();
  await drawer.getByRole('row', { name: /^Remote PowerShell always works/ }).click();
  await expect(drawer).toBeHidden();
  await expect(simulator.getByLabel('Client IP address')).toHaveValue('198.51.100.9');
});

test('a failing row, no baseline, and the matrix at 390 px', async ({ page }) => {
  test.slow(); // seeding, evaluation and axe on a shared, busy machine
  await page.setViewportSize({ width: 390, height: 844 });
  await openFreshApp(page);
  const { draft } = projects();
  const failing = { ...draft, tests: [...draft.tests, { ...draft.tests[0], name: 'Admin center from home', connection: { ...(draft.tests[0] as { connection: object }).connection, ipAddress: '198.18.0.9' } }] };
  await seedProject(page, failing, null);
  const drawer = await openMatrix(page);
  const table = drawer.getByRole('table', { name: 'Batch what-if' });
  await expect(table.getByRole('columnheader')).toHaveText(['Test', 'Draft', 'Baseline']);
  const row = table.getByRole('row', { name: /^Admin center from home: fail/ });
  await expect(row).toContainText('Fail');
  await expect(row).toContainText('Expected Allow');
  await expect(row).toContainText('No baseline');
  await expect(drawer).toContainText('No baseline: import the deployed rules');
  // Nothing wider than the screen.
  const overflow = await table.evaluate((el) => {
    const right = Math.max(...[...el.querySelectorAll('*')].map((n) => n.getBoundingClientRect().right));
    return right - window.innerWidth;
  });
  expect(overflow).toBeLessThanOrEqual(0);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
});

test('a long matrix renders only the rows in view and stays keyboard navigable', async ({ page }) => {
  test.slow(); // seeding, evaluation and axe on a shared, busy machine
  await page.setViewportSize({ width: 1024, height: 768 });
  await openFreshApp(page, { target: 'ExchangeOnline' });
  const { draft, baseline } = projects();
  const tests = Array.from({ length: 300 }, (_, i) => ({
    name: `Branch ${i + 1} OWA`,
    connection: { protocol: 'OutlookWebApp', authenticationType: 'BasicAuthentication', ipAddress: `10.1.${i % 256}.${1 + Math.floor(i / 256)}`, port: 443, user: `user${i}@contoso.com`, attributes: { Department: i % 2 ? 'Sales' : 'IT' }, connectionType: 'EndUser' },
    expected: i % 2 ? 'DenyAccess' : 'AllowAccess',
  }));
  await seedProject(page, { ...draft, tests }, baseline);
  const drawer = await openMatrix(page);
  const table = drawer.getByRole('table', { name: 'Batch what-if' });
  await expect(table).toHaveAttribute('aria-rowcount', '303');
  const rendered = await table.getByRole('row').count();
  expect(rendered).toBeLessThan(60);
  await table.getByRole('row', { name: /^Branch 1 OWA/ }).focus();
  await page.keyboard.press('End');
  await expect(table.getByRole('row', { name: /^Admin path 2: admin@contoso.com/ })).toBeFocused();
  await page.keyboard.press('PageUp');
  await expect(table.getByRole('row', { name: /^Branch 292 OWA/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(drawer).toBeHidden();
  await expect(page.getByRole('region', { name: 'Simulator' }).getByRole('textbox', { name: 'User', exact: true })).toHaveValue('user291@contoso.com');
});

for (const theme of ['light', 'dark'] as const) {
  for (const width of [1024, 390]) {
    test(`screenshot: the batch what-if at ${width} px, ${theme}`, async ({ page }) => {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 768 });
      await openFreshApp(page);
      const { draft, baseline } = projects();
      const failing = { ...draft, tests: [...draft.tests, { ...draft.tests[0], name: 'Admin center from home', connection: { ...(draft.tests[0] as { connection: object }).connection, ipAddress: '198.18.0.9' } }] };
      await seedProject(page, failing, baseline);
      if (theme === 'dark') {
        await page.getByRole('button', { name: 'Switch to dark theme' }).click();
        await page.keyboard.press('Escape');
        await page.mouse.move(200, 600);
      }
      const drawer = await openMatrix(page);
      await expect(drawer.getByRole('table', { name: 'Batch what-if' }).getByRole('row')).toHaveCount(7);
      await page.waitForTimeout(400);
      await page.screenshot({ path: `e2e/screenshots/batch-what-if-${width}-${theme}.png` });
    });
  }
}
