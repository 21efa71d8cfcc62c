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
 * unless `firstRun` is true, so the project starts on the app's default target (Exchange Server
 * 2019/SE) unless `target` names another: then an empty project on that target is saved before the app
 * starts, as if the first-run choice had picked it (no undo step, nothing else saved).
 */
export async function openFreshApp(
  page: Page,
  options: { firstRun?: boolean; target?: 'ExchangeOnline' | 'ExchangeServer' } = {},
): Promise<void> {
  await page.goto('./favicon.svg');
  await page.evaluate(
    async (firstRun) => {
      localStorage.clear();
      if (!firstRun) localStorage.setItem('card:first-run-done', '1');
      await new Promise<void>((resolve) => {
        const request = indexedDB.deleteDatabase('keyval-store');
        request.onsuccess = request.onerror = request.onblocked = () => resolve();
      });
    },
    options.firstRun ?? false,
  );
  if (options.target) await saveProject(page, { format: 'client-access-rule-designer', version: 1, profile: options.target, rules: [], tests: [] });
  await page.goto('./');
}

/**
 * Writes `project` (and `baseline`) as the saved project, the way the app's autosave does. Call it on
 * a same-origin page where the app is not running (the favicon): a running app with a change not yet
 * autosaved writes it on leaving (IndexedDB flush and the page-close snapshot in localStorage), which
 * would land over this one on a slow machine.
 */
export async function saveProject(page: Page, project: unknown, baseline: unknown = null): Promise<void> {
  await page.evaluate(async ({ doc, base }) => {
    localStorage.removeItem('card:project-pending');
    const envelope = { schema: 1, savedAt: new Date().toISOString(), project: doc, baseline: base, connection: null };
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('keyval-store');
      open.onupgradeneeded = () => open.result.createObjectStore('keyval');
      open.onsuccess = () => {
        const tx = open.result.transaction('keyval', 'readwrite');
        tx.objectStore('keyval').put(envelope, 'card:project');
        tx.oncomplete = () => {
          open.result.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
      open.onerror = () => reject(open.error);
    });
  }, { doc: project, base: baseline });
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
