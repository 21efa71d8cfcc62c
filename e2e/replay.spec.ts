import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, openFreshApp, seriousAxeViolations } from './fixtures.ts';
import { importRules } from './import-helper.ts';
import { generateHttpProxyLog } from '../src/test-support/sample-log.ts';

const RULES = [
  "New-ClientAccessRule -Name 'Always Allow Remote PowerShell' -Action AllowAccess -AnyOfProtocols RemotePowerShell",
  "New-ClientAccessRule -Name 'Block EAC from outside' -Action DenyAccess -AnyOfProtocols ExchangeAdminCenter -ExceptAnyOfClientIPAddressesOrRanges 10.0.0.0/8",
  "New-ClientAccessRule -Name 'Block POP3' -Action DenyAccess -AnyOfProtocols POP3",
  '',
].join('\n');

const HTTPPROXY = [...generateHttpProxyLog({ bytes: 2_000_000, seed: 3, users: 60 })].join('');
const IIS = readFileSync(new URL('../src/cli/fixtures/replay/u_ex240501.log', import.meta.url), 'utf8');

/** Drops files on the drop zone as a user dragging them from the file manager would. */
async function dropFiles(page: Page, files: { name: string; text?: string; repeat?: { line: string; bytes: number } }[]): Promise<void> {
  const zone = page.getByTestId('replay-drop-zone');
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      let parts: BlobPart[];
      if (f.repeat) {
        // A big file made of one 1 MB blob repeated: built here (blobs reference each other, nothing is
        // copied), so that gigabytes never cross the wire or fill memory.
        const chunk = new Blob([f.repeat.line.repeat(Math.ceil((1 << 20) / f.repeat.line.length))]);
        parts = [f.text ?? '', ...Array.from({ length: Math.ceil(f.repeat.bytes / chunk.size) }, () => chunk)];
      } else parts = [f.text ?? ''];
      dt.items.add(new File(parts, f.name, { type: 'text/plain' }));
    }
    return dt;
  }, files);
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
}

test('drop an HttpProxy log and an IIS log: newly denied connections, chart, and one click to the simulator', async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1400, height: 1400 });
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await importRules(page, RULES, 3);
  await page.getByRole('tab', { name: 'Replay logs' }).click();
  await expect(page.getByRole('heading', { name: 'Replay connection logs' })).toBeVisible();

  await dropFiles(page, [
    { name: 'HttpProxy_2024050100-1.LOG', text: HTTPPROXY },
    { name: 'u_ex240501.log', text: IIS },
  ]);
  const files = page.getByRole('list', { name: 'Files to replay' });
  await expect(files.getByRole('listitem')).toHaveCount(2);
  await page.getByRole('button', { name: 'Replay 2 files' }).click();

  const summary = page.getByTestId('replay-summary');
  await expect(summary).toContainText('Newly denied connections', { timeout: 30_000 });
  await expect(page.getByRole('tab', { name: /Newly denied \(\d+\)/ })).toHaveAttribute('aria-selected', 'true');
  const table = page.getByRole('table', { name: 'Newly denied connections' });
  await expect(table.getByRole('row').nth(1)).toContainText('Exchange admin center');
  await expect(table.getByRole('row').nth(1)).toContainText('Block EAC from outside');
  // The IIS line of CONTOSO\admin from 203.0.113.8 is among them (filter finds it).
  await page.getByLabel('Filter').fill('contoso\\admin');
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table.getByRole('row').nth(1)).toContainText('CONTOSO\\admin');
  await page.getByLabel('Filter').fill('');

  // Skipped lines are counted by reason, never silently dropped.
  const skipped = page.getByRole('table', { name: 'Skipped lines by reason' });
  await expect(skipped).toContainText('a health mailbox');
  await expect(skipped).toContainText('an anonymous request answered 401');
  await expect(skipped).toContainText('Autodiscover');

  // The chart loads lazily and draws both series.
  const chart = page.getByTestId('replay-chart');
  await expect(chart.locator('svg').first()).toBeVisible();
  await expect(chart).toContainText('Denied after (draft)');

  // Sorting by a heading, with the keyboard.
  const userHeading = table.getByRole('columnheader', { name: 'User' });
  await userHeading.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(userHeading).toHaveAttribute('aria-sort', 'ascending');

  // Group by rule.
  await page.getByLabel('Group by').selectOption('rule');
  const byRule = page.getByRole('table', { name: 'Newly denied by rule' });
  await expect(byRule.getByRole('row').nth(1)).toContainText('Block EAC from outside');
  await page.getByLabel('Group by').selectOption('connection');

  // Rule hits: a rule that real traffic never reaches.
  await page.getByRole('tab', { name: 'Rule hits' }).click();
  await expect(page.getByRole('table', { name: 'Rule hits' }).getByRole('row', { name: /Block POP3/ })).toContainText('never reached by real traffic');
  await page.getByRole('tab', { name: /Newly denied/ }).click();

  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.screenshot({ path: 'e2e/screenshots/replay-results.png', fullPage: true });
  // Dark theme: still axe clean (contrast of the counts, the chart legend and the table).
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(page.getByRole('button', { name: 'Switch to light theme' })).toBeVisible();
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.screenshot({ path: 'e2e/screenshots/replay-results-dark.png', fullPage: true });

  // Nothing overflows the page at phone width.
  await page.setViewportSize({ width: 390, height: 900 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1400, height: 1400 });

  // One click from a row to the simulator with that connection.
  await page.getByLabel('Filter').fill('contoso\\admin');
  await table.getByRole('button', { name: /Open CONTOSO\\admin Exchange admin center from 203\.0\.113\.8 in the simulator/ }).click();
  const simulator = page.getByRole('region', { name: 'Simulator' });
  await expect(simulator.getByLabel('Client IP address')).toHaveValue('203.0.113.8');
  await expect(simulator.getByRole('textbox', { name: 'User', exact: true })).toHaveValue('CONTOSO\\admin');
  await expect(simulator.getByTestId('simulation-result')).toContainText('Denied by rule 2 "Block EAC from outside"');

  // The results are still there when coming back.
  await page.getByRole('tab', { name: 'Replay logs' }).click();
  await expect(page.getByTestId('replay-summary')).toBeVisible();
});

test('a large replay shows progress, keeps the page responsive and can be cancelled', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 1000 });
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await page.getByRole('tab', { name: 'Replay logs' }).click();
  const header = HTTPPROXY.slice(0, HTTPPROXY.indexOf('\n', HTTPPROXY.indexOf('#Fields')) + 1);
  const line = HTTPPROXY.split('\n').filter((l) => l.startsWith('2024-'))[7]!;
  await dropFiles(page, [{ name: 'HttpProxy_big.LOG', text: header, repeat: { line: `${line}\n`, bytes: 1_500_000_000 } }]);
  await expect(page.getByRole('list', { name: 'Files to replay' })).toContainText('1.5 GB');
  await page.getByRole('button', { name: 'Replay 1 file' }).click();

  const progress = page.getByText(/File 1 of 1: HttpProxy_big\.LOG: \d+% \(/);
  await expect(progress).toBeVisible({ timeout: 20_000 });
  // The page answers while the worker streams: the mapping table opens and shows its rows.
  await page.getByRole('button', { name: /Mapping from log values to rule values/ }).click();
  await expect(page.getByRole('table', { name: 'Mapping table' })).toContainText('Microsoft-Server-ActiveSync'.toLowerCase());
  await page.getByRole('button', { name: 'Cancel replay' }).click();
  await expect(page.getByText('Replay cancelled.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Replay 1 file' })).toBeEnabled();
  await expect(page.getByTestId('replay-summary')).toHaveCount(0);
});
