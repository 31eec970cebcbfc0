// Signing in as a role through the sign-in screen, and screenshots for docs/console/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { KEYS, type Role } from './crm';
import { ROOT } from './console-build';

export const SCREENSHOTS = join(ROOT, 'docs/console');

/** Signs in through the form, as a person would, and waits for the first screen. */
export async function signIn(page: Page, role: Role): Promise<void> {
  await page.goto('/signin');
  await page.locator('#api-key').fill(KEYS[role]);
  await page.locator('#key-form button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
  await page.locator('.shell-header').waitFor();
}

/** Saves the page as docs/console/<screen>.<language>.png. */
export async function screenshot(page: Page, screen: string, language: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${screen}.${language}.png`), fullPage: false });
}
