import { test, expect, openFreshApp } from './fixtures.ts';
import { seedProject } from './projects.ts';
import type { Page } from '@playwright/test';

const list = (page: Page) => page.getByRole('list', { name: 'Rules in priority order' });
const rows = (page: Page) => list(page).getByRole('listitem');

/** Rule names in priority order, read from the rows' accessible names ("Priority 1: Name"). */
async function order(page: Page): Promise<string[]> {
  const labels = await rows(page).evaluateAll((items) => items.map((item) => item.getAttribute('aria-label') ?? ''));
  return labels.map((label) => label.replace(/^Priority \d+: /, ''));
}

async function addBlankRules(page: Page, count: number) {
  for (let i = 0; i < count; i += 1) await page.getByRole('button', { name: 'Add rule', exact: true }).click();
  await expect(rows(page)).toHaveCount(count);
}

async function renameSelected(page: Page, name: string) {
  const field = page.getByRole('textbox', { name: 'Name', exact: true });
  await field.fill(name);
}

/** Three rules A, B, C in that order. */
async function abc(page: Page) {
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await addBlankRules(page, 3);
  for (const [index, name] of ['A', 'B', 'C'].entries()) {
    await rows(page).nth(index).getByRole('button', { name: /^New rule/ }).click();
    await renameSelected(page, name);
  }
  await expect.poll(() => order(page)).toEqual(['A', 'B', 'C']);
}

/**
 * dnd-kit's keyboard sensor starts listening for arrow keys in a zero-delay timer after the pick-up, and
 * Chromium runs input before timers under load: a key pressed at once can reach the page before the sensor
 * listens (CI lost every ArrowUp that way). A zero-delay timer queued now runs after dnd-kit's.
 */
async function sensorListening(page: Page) {
  await page.evaluate(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
}

async function exportedOrder(page: Page, names: string[]): Promise<string[]> {
  await page.getByRole('tab', { name: 'Export' }).click();
  const script = page.locator('.view-lines').first();
  await expect(script).toContainText('New-ClientAccessRule');
  // Monaco renders the lines after the first paint: wait until every rule's line is there, then read the order.
  for (const name of names) await expect(script).toContainText(`-Name '${name}'`);
  const text = (await script.innerText()).replace(/\u00a0/g, ' ');
  await page.getByRole('tab', { name: 'Design' }).click();
  return names
    .map((name) => ({ name, at: text.indexOf(`-Name '${name}'`) }))
    .filter((entry) => entry.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((entry) => entry.name);
}

test('empty state offers templates, and a template adds its rules in one undo step', async ({ page }) => {
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await expect(page.getByText('No rules yet', { exact: true })).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/empty.png' });
  await page.getByRole('button', { name: 'Start from a template' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add rules from a template' });
  await dialog.getByRole('button', { name: 'Block the admin center except from the management network' }).click();
  await expect(dialog.getByText('Replace 192.0.2.0/24 with your management network.')).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/templates.png' });
  await dialog.getByRole('button', { name: 'Add template' }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => order(page)).toEqual([
    'Always Allow Remote PowerShell',
    'Allow EAC access only from the management network',
  ]);
  await expect(rows(page).nth(1).getByText('Deny', { exact: true })).toBeVisible();
  await expect(rows(page).nth(0).getByText('Allow', { exact: true })).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/design.png' });
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(rows(page)).toHaveCount(0);
  await page.getByRole('button', { name: 'Redo', exact: true }).click();
  await expect(rows(page)).toHaveCount(2);
});

test('reorder by mouse drag changes priorities and the exported script order', async ({ page }) => {
  await abc(page);
  expect(await exportedOrder(page, ['A', 'B', 'C'])).toEqual(['A', 'B', 'C']);
  const handle = page.getByRole('button', { name: 'Reorder C (priority 3)' });
  const target = rows(page).nth(0);
  const from = (await handle.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 - 10, { steps: 3 });
  await page.mouse.move(from.x + from.width / 2, to.y + 4, { steps: 12 });
  await page.mouse.up();
  await expect.poll(() => order(page)).toEqual(['C', 'A', 'B']);
  expect(await exportedOrder(page, ['A', 'B', 'C'])).toEqual(['C', 'A', 'B']);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect.poll(() => order(page)).toEqual(['A', 'B', 'C']);
});

test('reorder by keyboard with announcements, and cancel with Escape', async ({ page }) => {
  await abc(page);
  expect(await exportedOrder(page, ['A', 'B', 'C'])).toEqual(['A', 'B', 'C']);
  const handle = page.getByRole('button', { name: 'Reorder A (priority 1)' });
  const live = page.locator('[id^="DndLiveRegion"]');
  await handle.focus();
  await page.keyboard.press('Space');
  await expect(live).toContainText('Picked up rule A at priority 1');
  await sensorListening(page);
  await page.keyboard.press('ArrowDown');
  await expect(live).toHaveText('Rule A moved to priority 2.');
  await page.keyboard.press('ArrowDown');
  await expect(live).toHaveText('Rule A moved to priority 3.');
  await page.keyboard.press('Space');
  await expect.poll(() => order(page)).toEqual(['B', 'C', 'A']);
  await expect(live).toHaveText('Rule A moved to priority 3.');
  expect(await exportedOrder(page, ['A', 'B', 'C'])).toEqual(['B', 'C', 'A']);

  await page.getByRole('button', { name: 'Reorder C (priority 2)' }).focus();
  await page.keyboard.press('Enter');
  await expect(live).toContainText('Picked up rule C at priority 2');
  await sensorListening(page);
  await page.keyboard.press('ArrowUp');
  await expect(live).toHaveText('Rule C moved to priority 1.');
  await page.keyboard.press('Escape');
  await expect.poll(() => order(page)).toEqual(['B', 'C', 'A']);
  await expect(live).toContainText('Moving cancelled');

  await page.keyboard.press('Control+z');
  await expect.poll(() => order(page)).toEqual(['A', 'B', 'C']);
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(() => order(page)).toEqual(['B', 'C', 'A']);
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+y');
  await expect.poll(() => order(page)).toEqual(['B', 'C', 'A']);
});

test('menu moves, duplicate, disable and delete, each undoable', async ({ page }) => {
  await abc(page);
  const menuAction = async (rule: string, action: string) => {
    await page.getByRole('button', { name: `More actions for ${rule}` }).click();
    await page.getByRole('menuitem', { name: action }).click();
  };
  await menuAction('C', 'Move to top');
  await expect.poll(() => order(page)).toEqual(['C', 'A', 'B']);
  await expect(page.getByText(/^Rule C moved to priority 1\.$/)).toHaveText('Rule C moved to priority 1.');
  await menuAction('C', 'Move down');
  await expect.poll(() => order(page)).toEqual(['A', 'C', 'B']);
  await menuAction('A', 'Move to bottom');
  await expect.poll(() => order(page)).toEqual(['C', 'B', 'A']);
  await menuAction('A', 'Move up');
  await expect.poll(() => order(page)).toEqual(['C', 'A', 'B']);
  await menuAction('A', 'Duplicate');
  await expect.poll(() => order(page)).toEqual(['C', 'A', 'A (copy)', 'B']);
  await menuAction('C', 'Delete');
  await expect.poll(() => order(page)).toEqual(['A', 'A (copy)', 'B']);
  await expect(page.getByRole('button', { name: 'Undo: Rule C deleted.' })).toBeVisible();
  await page.waitForTimeout(400);
  await page.screenshot({ path: 'e2e/screenshots/deleted-toast.png' });
  await page.getByRole('button', { name: 'Undo: Rule C deleted.' }).click();
  await expect.poll(() => order(page)).toEqual(['C', 'A', 'A (copy)', 'B']);
  await menuAction('C', 'Delete');
  await expect.poll(() => order(page)).toEqual(['A', 'A (copy)', 'B']);
  const enabled = page.getByRole('switch', { name: 'Enabled: B', exact: true });
  await enabled.click();
  await expect(enabled).not.toBeChecked();
  await expect(rows(page).nth(2)).toContainText('Disabled');
  for (let i = 0; i < 3; i += 1) await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect.poll(() => order(page)).toEqual(['C', 'A', 'B']);
  await expect(page.getByRole('switch', { name: 'Enabled: B', exact: true })).toBeChecked();
});

test('the list works with the keyboard alone', async ({ page }) => {
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await page.getByRole('button', { name: 'Add rule', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(rows(page)).toHaveCount(2);
  const first = rows(page).nth(0);
  // From Add rule: the search, the kind filter, the row's selection checkbox, then its reorder handle.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('searchbox', { name: 'Search rules' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('combobox', { name: 'Show' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(first.getByRole('checkbox', { name: 'Select New rule' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(first.getByRole('button', { name: 'Reorder New rule (priority 1)' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(first.getByRole('button', { name: 'New rule', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'New rule', exact: true })).toBeVisible();
  await page.keyboard.press('Tab');
  const enabled = page.getByRole('switch', { name: 'Enabled: New rule', exact: true });
  await expect(enabled).toBeFocused();
  await page.keyboard.press('Space');
  await expect(enabled).not.toBeChecked();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'More actions for New rule', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Move to top' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Move down' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect.poll(() => order(page)).toEqual(['New rule (2)', 'New rule']);
  await page.screenshot({ path: 'e2e/screenshots/keyboard.png' });
  // Delete with the keyboard: focus lands on the neighbouring rule, not on the page body.
  await page.getByRole('button', { name: 'More actions for New rule (2)', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('menuitem', { name: 'Delete' }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => order(page)).toEqual(['New rule']);
  await expect(rows(page).nth(0).getByRole('button', { name: 'New rule', exact: true })).toBeFocused();
});

test('hostile rule names stay inert text', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await openFreshApp(page, { target: 'ExchangeOnline' });
  await addBlankRules(page, 2);
  const hostile = ['<img src=x onerror=alert(1)>', "'; Remove-Mailbox -Identity x; '"];
  for (const [index, name] of hostile.entries()) {
    await rows(page).nth(index).getByRole('button', { name: /^New rule/ }).click();
    await renameSelected(page, name);
  }
  await expect.poll(() => order(page)).toEqual(hostile);
  await expect(list(page).getByText(hostile[0]!, { exact: true })).toBeVisible();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await page.getByRole('tab', { name: 'Export' }).click();
  await expect(page.locator('.view-lines').first()).toContainText("Remove-Mailbox");
  await page.getByRole('tab', { name: 'Design' }).click();
  await page.reload();
  await expect.poll(() => order(page)).toEqual(hostile);
  expect(dialogs).toEqual([]);
});

test('stays usable with 200 rules', async ({ page }) => {
  await openFreshApp(page, { target: 'ExchangeOnline' });
  const rules = Array.from({ length: 200 }, (_, i) => ({
    name: `Rule ${i + 1}`,
    action: i % 2 ? 'DenyAccess' : 'AllowAccess',
    enabled: true,
    anyOfProtocols: ['OutlookWebApp'],
    anyOfClientIPAddressesOrRanges: [`10.0.${i}.0/24`],
  }));
  await seedProject(page, { format: 'client-access-rule-designer', version: 1, profile: 'ExchangeOnline', rules, tests: [] });
  await expect(rows(page)).toHaveCount(200);
  await page.getByRole('button', { name: 'More actions for Rule 200' }).click();
  await page.getByRole('menuitem', { name: 'Move to top' }).click();
  await expect(rows(page).nth(0)).toHaveAccessibleName('Priority 1: Rule 200');
  await page.getByRole('button', { name: 'Rule 5', exact: true }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Renamed rule');
  await expect(rows(page).nth(5)).toHaveAccessibleName('Priority 6: Renamed rule');
  await page.screenshot({ path: 'e2e/screenshots/many-rules.png' });
});
