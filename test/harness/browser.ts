// Debian's Chromium driven by playwright-core, kept on 127.0.0.1.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export interface OpenBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

export async function openBrowser(executablePath: string): Promise<OpenBrowser> {
  // Playwright gives every launch a fresh, empty profile of its own.
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // Nothing a test does may leave the machine.
  await context.route(/^(?!https?:\/\/127\.0\.0\.1[:/]|data:|blob:|vscode-|about:)/, (route) => route.abort());
  const page = await context.newPage();
  return { browser, context, page };
}
