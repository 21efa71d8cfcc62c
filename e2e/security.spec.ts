import { test, expect, openFreshApp } from './fixtures.ts';
import { downloadScript } from './import-helper.ts';

const XSS_NAME = '<img src=x onerror=alert(1)>';
const INJECTION_NAME = "'; Remove-Mailbox -Identity x; '";

test('hostile rule names stay inert text on the page and are quoted literals in the script', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await openFreshApp(page, { target: 'ExchangeOnline' });
  // A shared project file is the easiest way for a hostile name to reach an admin.
  const project = {
    format: 'client-access-rule-designer',
    version: 1,
    profile: 'ExchangeOnline',
    rules: [
      { name: XSS_NAME, action: 'DenyAccess', anyOfProtocols: ['IMAP4'] },
      { name: INJECTION_NAME, action: 'DenyAccess', anyOfProtocols: ['POP3'] },
    ],
    tests: [],
  };
  await page.getByRole('tab', { name: 'Export' }).click();
  await page.getByTestId('project-file-input').setInputFiles({ name: 'shared.carules.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(project)) });
  await expect(page.getByText(/Opened shared\.carules\.json/).first()).toBeVisible();
  await page.getByRole('tab', { name: 'Design' }).click();

  const rows = page.getByRole('list', { name: 'Rules in priority order' }).getByRole('listitem');
  await expect(rows.nth(0)).toContainText(XSS_NAME);
  await expect(rows.nth(1)).toContainText(INJECTION_NAME);
  const simulator = page.getByRole('region', { name: 'Simulator' });
  await expect(simulator.getByRole('region', { name: 'Evaluation trace' })).toContainText(XSS_NAME);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  await page.screenshot({ path: 'e2e/screenshots/hostile-names.png' });

  const exported = await downloadScript(page);
  expect(exported).toContain(`-Name '${XSS_NAME}'`);
  expect(exported).toContain("-Name '''; Remove-Mailbox -Identity x; '''");
  // No line starts a Remove-Mailbox command of its own.
  expect(exported.split('\n').some((line) => /^\s*Remove-Mailbox/.test(line))).toBe(false);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(dialogs).toEqual([]);
});

test('the Content-Security-Policy is sent as a header and as a meta tag', async ({ page }) => {
  const response = await page.goto('./');
  const header = response?.headers()['content-security-policy'] ?? '';
  expect(header).toContain("script-src 'self'");
  expect(header).toContain("object-src 'none'");
  expect(header).toContain("frame-ancestors 'none'");
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toContain("default-src 'self'");
  expect(meta).toContain("script-src 'self'");
  expect(meta).not.toContain('unsafe-eval');
  expect(header).not.toContain('unsafe-eval');
});
