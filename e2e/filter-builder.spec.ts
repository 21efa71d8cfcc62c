import type { Page } from '@playwright/test';
import { test, expect, openFreshApp, seriousAxeViolations } from './fixtures.ts';
import { seedProject } from './projects.ts';

const editor = (page: Page) => page.getByRole('region', { name: 'Rule editor' });

/** Every select of the filter builder shows its whole chosen label (nothing cut off). */
async function cutSelects(page: Page): Promise<string[]> {
  return editor(page)
    .locator('fieldset select')
    .evaluateAll((selects) =>
      (selects as HTMLSelectElement[])
        .filter((s) => {
          const probe = document.createElement('span');
          const style = getComputedStyle(s);
          probe.style.font = style.font;
          probe.style.position = 'absolute';
          probe.style.whiteSpace = 'nowrap';
          probe.textContent = s.selectedOptions[0]?.textContent ?? '';
          document.body.append(probe);
          const needed = probe.getBoundingClientRect().width + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
          probe.remove();
          return needed > s.clientWidth + 1;
        })
        .map((s) => `${s.getAttribute('aria-label')}: ${s.selectedOptions[0]?.textContent}`),
    );
}

for (const width of [1024, 390]) {
  test(`the filter builder negates one way and never cuts an operator at ${width} px`, async ({ page }) => {
    test.slow(); // axe on a busy shared machine
    await page.setViewportSize({ width, height: width === 390 ? 844 : 768 });
    await openFreshApp(page);
    await seedProject(page, {
      format: 'client-access-rule-designer',
      version: 1,
      profile: 'ExchangeOnline',
      rules: [{ name: 'Filtered', action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp'], userRecipientFilter: "-not (Department -like 'Sales*' -or -not (City -eq 'Paris'))" }],
      tests: [],
    });
    await page.getByRole('list', { name: 'Rules in priority order' }).getByRole('listitem').first().getByRole('button', { name: /^Filtered/ }).click();
    const form = editor(page);
    // No "Not" checkbox anywhere: a condition is negated by its operator, a group by how it combines.
    await expect(form.getByRole('checkbox', { name: /Negate|^Not$/ })).toHaveCount(0);
    await expect(form.getByRole('combobox', { name: 'Combine conditions', exact: true })).toHaveValue('not-or');
    await expect(form.getByRole('combobox', { name: 'Operator of condition 1' })).toHaveValue('like');
    // -not (City -eq 'Paris') reads as "does not equal".
    await expect(form.getByRole('combobox', { name: 'Operator of condition 2' })).toHaveValue('ne');
    expect(await cutSelects(page)).toEqual([]);

    // Keyboard: choose "is not like" for condition 1 with the arrow keys.
    const op1 = form.getByRole('combobox', { name: 'Operator of condition 1' });
    await op1.selectOption('notlike');
    expect(await cutSelects(page)).toEqual([]);
    await form.getByRole('combobox', { name: 'Combine conditions', exact: true }).selectOption('and');
    await form.getByRole('tab', { name: 'Text' }).click();
    await expect(form.getByRole('textbox', { name: 'Filter text (OPath)' })).toHaveValue("Department -notlike 'Sales*' -and -not (City -eq 'Paris')");
    await form.getByRole('tab', { name: 'Builder' }).click();
    await form.getByRole('combobox', { name: 'Operator of condition 2' }).focus();
    await page.keyboard.press(process.platform === 'darwin' ? 'Alt+ArrowUp' : 'ArrowUp');
    await expect(form.getByRole('combobox', { name: 'Operator of condition 2' })).toHaveValue('eq');
    await form.getByRole('tab', { name: 'Text' }).click();
    await expect(form.getByRole('textbox', { name: 'Filter text (OPath)' })).toHaveValue("Department -notlike 'Sales*' -and City -eq 'Paris'");
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
}
