import { test, expect, openFreshApp } from './fixtures.ts';
import { manyRulesProject, realisticProject, seedProject } from './projects.ts';

/**
 * Screenshots of the design view at the widths the issue names, light and dark, with a realistic and a
 * 200-rule project, saved to e2e/screenshots/ (git-ignored) to be looked at. Each also asserts the
 * layout contract: from 1024 px the document itself never scrolls.
 */
const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1440, height: 900 },
  { width: 1280, height: 800 },
  { width: 1024, height: 768 },
  { width: 390, height: 844 },
];

for (const projectName of ['realistic', '200-rules'] as const) {
  for (const theme of ['light', 'dark'] as const) {
    test(`screenshots: ${projectName}, ${theme}`, async ({ page }) => {
      test.setTimeout(120_000);
      await page.setViewportSize({ width: 1440, height: 900 });
      await openFreshApp(page);
      await seedProject(page, projectName === 'realistic' ? realisticProject() : manyRulesProject());
      if (theme === 'dark') await page.getByRole('button', { name: 'Switch to dark theme' }).click();
      await expect(page.getByRole('list', { name: 'Rules in priority order' }).getByRole('listitem').first()).toBeVisible();
      await page.getByRole('list', { name: 'Rules in priority order' }).getByRole('listitem').nth(1).getByRole('button', { name: /^(?!Reorder|More|Enabled)/ }).first().click();
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await page.waitForTimeout(300);
        const name = `${projectName}-${theme}-${size.width}x${size.height}`;
        await page.screenshot({ path: `e2e/screenshots/${name}.png` });
        if (size.width >= 1024) {
          const overflow = await page.evaluate(() => ({
            x: document.documentElement.scrollWidth - window.innerWidth,
            y: document.documentElement.scrollHeight - window.innerHeight,
          }));
          expect(overflow, `${name}: the document does not scroll`).toEqual({ x: 0, y: 0 });
        } else {
          for (const pane of ['Editor', 'Simulator']) {
            await page.getByRole('tab', { name: pane }).click();
            await page.waitForTimeout(200);
            await page.screenshot({ path: `e2e/screenshots/${name}-${pane.toLowerCase()}.png` });
          }
          await page.getByRole('tab', { name: 'Rules' }).click();
        }
      }
    });
  }
}
