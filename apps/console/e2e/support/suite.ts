// The set-up every console browser suite shares: the console built, a real CRM started and
// seeded with what the suite reads, one Chromium for the suite, and fresh pages on demand
// (signed in through the form when asked). Each suite then states only what it tests.
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, type WatchedPage } from './browser';
import { ensureConsoleBuilt } from './console-build';
import { CrmUnderTest, type Role } from './crm';
import { signIn } from './screens';

type Language = 'en' | 'fa';

export interface ConsoleUnderTest {
  /** The CRM behind the console (set once the suite's beforeAll has run). */
  readonly crm: CrmUnderTest;
  /** A fresh page with its own storage, not signed in. */
  open(language?: Language): Promise<WatchedPage>;
  /** A fresh page, signed in as `role` through the sign-in form. */
  signedIn(role: Role, language?: Language): Promise<WatchedPage>;
}

export interface ConsoleSuiteOptions {
  /** Passed to CrmUnderTest.start (e.g. CRM_TARGETS). */
  start?: Parameters<typeof CrmUnderTest.start>[0];
  /** Writes the history the suite reads, before the browser starts. */
  seed?: (crm: CrmUnderTest) => Promise<unknown>;
}

/** Registers the suite's beforeAll/afterAll; call it inside describeInBrowser. */
export function useConsole(options: ConsoleSuiteOptions = {}): ConsoleUnderTest {
  let crm: CrmUnderTest | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    ensureConsoleBuilt();
    crm = await CrmUnderTest.start(options.start);
    await options.seed?.(crm);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await crm?.stop();
  });

  const started = () => {
    if (!crm || !browser) throw new Error('useConsole: the CRM and browser start in beforeAll');
    return { crm, browser };
  };
  const open = (language: Language = 'en') => openPage(started().browser, started().crm.url, { language });
  return {
    get crm() {
      return started().crm;
    },
    open,
    async signedIn(role, language = 'en') {
      const watched = await open(language);
      await signIn(watched.page, role);
      return watched;
    },
  };
}
