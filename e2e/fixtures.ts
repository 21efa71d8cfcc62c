import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/**
 * Every end-to-end test runs with a network guard: any request to a host other than 127.0.0.1 is
 * aborted and fails the test, proving that no tenant data leaves the machine. Page errors and
 * Content-Security-Policy violations fail the test too.
 */
export const test = base.extend<{ guard: { foreignRequests: string[]; pageErrors: string[] } }>({
  guard: [
    async ({ page }, use) => {
      const foreignRequests: string[] = [];
      const pageErrors: string[] = [];
      await page.route('**/*', (route) => {
        const url = new URL(route.request().url());
        const local = url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:';
        if (local) return route.continue();
        foreignRequests.push(route.request().url());
        return route.abort('blockedbyclient');
      });
      page.on('pageerror', (error) => pageErrors.push(String(error)));
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) {
          pageErrors.push(message.text());
        }
      });
      await use({ foreignRequests, pageErrors });
      expect(foreignRequests, 'requests to hosts other than 127.0.0.1').toEqual([]);
      expect(pageErrors, 'page errors and CSP violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * Opens the app on a clean slate (no saved project). The first-run choice of target is marked as done
 * (the project stays on the app's default target) unless `firstRun` is true.
 */
export async function openFreshApp(page: Page, options: { firstRun?: boolean } = {}): Promise<void> {
  await page.goto('./favicon.svg');
  await page.evaluate(async (firstRun) => {
    localStorage.clear();
    if (!firstRun) localStorage.setItem('card:first-run-done', '1');
    await new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase('keyval-store');
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
  }, options.firstRun ?? false);
  await page.goto('./');
}

/**
 * Serious or critical axe violations on the current page, leaving out one documented false positive:
 * Fluent's Tabster focus "dummy" elements (`<i data-tabster-dummy aria-hidden tabindex=0>`) that only
 * redirect focus (microsoft/tabster#288; Accessibility Insights suppresses them the same way). Any other
 * node, or any other rule, is reported.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      ...violation,
      nodes:
        violation.id === 'aria-hidden-focus'
          ? violation.nodes.filter((node) => !node.html.includes('data-tabster-dummy'))
          : violation.nodes,
    }))
    .filter((violation) => violation.nodes.length > 0)
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
}

/**
 * Opens a view (Design, Import, Export, …) as a user would: from 1024 px with the top bar's "Views"
 * tabs, below 1024 px with its "View" picker (the narrow layout has no room for nine tabs).
 */
export async function openView(page: Page, name: string): Promise<void> {
  const width = page.viewportSize()?.width ?? 1280;
  if (width < 1024) await page.getByRole('combobox', { name: 'View' }).selectOption({ label: name });
  else await page.getByRole('tab', { name }).click();
}
