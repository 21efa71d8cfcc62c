import type { Page } from '@playwright/test';
import { test, expect, openFreshApp, seriousAxeViolations } from './fixtures.ts';
import { realisticProject, seedProject } from './projects.ts';

const rows = (page: Page) => page.getByRole('list', { name: 'Rules in priority order' }).getByRole('listitem');

function notedProject() {
  const project = realisticProject();
  project.rules[1] = {
    ...project.rules[1],
    notes: {
      description: 'The admin center is reachable only from the management network, as the security board decided in the 2025 audit.',
      owner: 'Messaging team (Exchange operations, second line)',
      ticket: 'CHG-20250114-0042',
      reviewDate: '2001-01-31',
    },
  };
  project.rules[2] = { ...project.rules[2], notes: { owner: 'Identity team', reviewDate: '2999-12-31' } };
  return project;
}

for (const width of [1440, 390]) {
  test(`per-rule notes are shown in the list and found by its search at ${width} px`, async ({ page }) => {
    test.slow();
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await openFreshApp(page);
    await seedProject(page, notedProject());
    const notes = rows(page).nth(1).getByTestId('rule-notes');
    await expect(notes).toContainText('as the security board decided');
    await expect(notes).toContainText('Owner: Messaging team (Exchange operations, second line)');
    await expect(notes).toContainText('Ticket: CHG-20250114-0042');
    // A passed review date is marked overdue; a future one is not.
    await expect(notes).toContainText('Review overdue: 2001-01-31');
    const future = rows(page).nth(2).getByTestId('rule-notes');
    await expect(future).toContainText('Review date: 2999-12-31');
    await expect(future).not.toContainText('overdue');
    // Nothing sticks out of the list at any width.
    const overflow = await page.getByRole('list', { name: 'Rules in priority order' }).evaluate((list) => {
      const right = list.getBoundingClientRect().right;
      return Math.max(...[...list.querySelectorAll('[data-testid="rule-notes"] *')].map((n) => n.getBoundingClientRect().right)) - right;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // The search box finds rules by owner, ticket and description, from the keyboard.
    const search = page.getByRole('searchbox', { name: 'Search rules' });
    await search.focus();
    await page.keyboard.type('identity team');
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText('Owner: Identity team');
    await search.fill('chg-20250114');
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText('Restrict the Exchange admin center');
    await search.fill('security board');
    await expect(rows(page)).toHaveCount(1);
    await page.screenshot({ path: `e2e/screenshots/rule-notes-${width}.png` });
  });
}
