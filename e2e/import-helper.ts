import { expect, openView } from './fixtures.ts';
import type { Page } from '@playwright/test';

/** Opens the Import page and replaces the editor's text with `text`, as a paste would. */
export async function pasteIntoImport(page: Page, text: string): Promise<void> {
  await openView(page, 'Import');
  const editor = page.getByTestId('code-editor');
  await expect(editor).toHaveAttribute('data-editor-ready', 'true');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
}

/** Imports a script through the Import page ("Replace my rules") and returns to the Design view. */
export async function importRules(page: Page, script: string, expectedRules: number): Promise<void> {
  await pasteIntoImport(page, script);
  await expect(page.getByRole('heading', { name: `Preview: ${expectedRules} ${expectedRules === 1 ? 'rule' : 'rules'}` })).toBeVisible();
  const replace = page.getByRole('button', { name: 'Replace my rules' });
  await expect(replace).toBeEnabled();
  await replace.click();
  await expect(page.getByText('Rules replaced')).toBeVisible();
  await openView(page, 'Design');
  await expect(page.getByRole('list', { name: 'Rules in priority order' }).getByRole('listitem')).toHaveCount(expectedRules);
}

/** Downloads the script from the Export page and returns its text. */
export async function downloadScript(page: Page): Promise<string> {
  await openView(page, 'Export');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download .ps1' }).click()]);
  const path = await download.path();
  const { readFile } = await import('node:fs/promises');
  return (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
}

/** Two rules where the first one's exception lets an OWA connection from the office continue to the second. */
export const EXCEPTION_SCRIPT = [
  "New-ClientAccessRule -Name 'Block OWA external' -Action DenyAccess -AnyOfProtocols OutlookWebApp -ExceptAnyOfClientIPAddressesOrRanges 203.0.113.0/24",
  "New-ClientAccessRule -Name 'Block basic auth' -Action DenyAccess -AnyOfProtocols OutlookWebApp,ExchangeActiveSync -AnyOfAuthenticationTypes BasicAuthentication",
  '',
].join('\n');
