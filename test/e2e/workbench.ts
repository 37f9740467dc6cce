// A user's view: the packaged extension installed into code-server, the demo
// workspace opened in Chromium, and helpers that act the way a user does.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { openBrowser } from '../harness/browser';
import { REPO, startCodeServer, type Tools } from '../harness/codeServer';
import { copyDemoWorkspace, makeRunDir } from '../harness/workspace';

/** How the extension says an incident's age ("12 days ago"): the e2e assertions accept any of them. */
export const AGE = String.raw`(today|yesterday|\d+ days ago|\d+ months ago|\d+ years ago)`;

export interface Workbench {
  page: Page;
  workspace: string;
  /** The run's folder: user data, logs, extensions. */
  runDir: string;
  close(): Promise<void>;
}

export function toolsFromEnv(): Tools {
  const raw = process.env.INCIDENT_LENS_TOOLS;
  if (!raw) throw new Error('Run the end-to-end tests through npm run test:vscode.');
  return JSON.parse(raw) as Tools;
}

export interface WorkbenchOptions {
  trustWorkspaces?: boolean;
  /** Makes the folder to open inside the run directory; the demo workspace by default. */
  workspace?: (runDir: string) => string;
  /** User settings on top of the harness's own. */
  settings?: Record<string, unknown>;
  /** A workspace file (relative path) the window opens with, as after a reload, before any extension activates. */
  openFile?: string;
  /** Script run in the page before the workbench's own, e.g. an observer that must see the first render. */
  initScript?: string;
}

export async function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const vsix = process.env.INCIDENT_LENS_VSIX;
  if (!vsix) throw new Error('INCIDENT_LENS_VSIX is not set: the end-to-end tests install the packaged extension.');
  const tools = toolsFromEnv();
  const run = makeRunDir('e2e');
  const workspace = (options.workspace ?? copyDemoWorkspace)(run.dir);
  const server = await startCodeServer(tools, {
    runDir: run.dir,
    ...(options.trustWorkspaces !== undefined ? { trustWorkspaces: options.trustWorkspaces } : {}),
    ...(options.settings ? { settings: options.settings } : {}),
  });
  server.installExtension(vsix);
  const { browser, page } = await openBrowser(tools.chromium);
  // Every wait is for what a user would see; CI machines are busy, so the deadline is generous.
  page.setDefaultTimeout(60_000);
  if (options.initScript) await page.addInitScript(options.initScript);
  const payload: [string, string][] | undefined = options.openFile ? [['openFile', server.remoteUri(join(workspace, options.openFile))]] : undefined;
  await page.goto(server.url(workspace, payload));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return {
    page,
    workspace,
    runDir: run.dir,
    async close() {
      await browser.close();
      await server.stop();
      run.remove();
    },
  };
}

/** Opens a workspace file through Quick Open, as a user would. */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } }).catch(() => undefined);
  const input = await openQuickInput(page, 'Control+P');
  await input.fill(relativePath);
  const name = relativePath.split('/').pop() ?? relativePath;
  // Quick Open fills its list asynchronously: accept only once the file itself is the first row.
  await page.locator('.quick-input-list .monaco-list-row').first().filter({ hasText: name }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.tab.active[aria-label^="${name}"]`).waitFor();
}

/**
 * Presses `key` until a quick input opens for it and returns its input box. Under load a key
 * pressed while focus is still moving can be lost, so this waits for the widget of this step to
 * be visible (never for an earlier, hidden one) and presses again if it did not open.
 */
export async function openQuickInput(page: Page, key: string): Promise<Locator> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(key);
    try {
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      return input;
    } catch (error) {
      if (attempt === 4) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/** Moves the cursor of the first editor group to `line` (and `column`) with Go to Line, as a user does, and waits for the status bar to show it. */
export async function goToLine(page: Page, line: number, column?: number): Promise<void> {
  const position = column === undefined ? new RegExp(`Ln ${line}, Col \\d+`) : `Ln ${line}, Col ${column}`;
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+1');
    await page.locator('.editor-group-container.active .monaco-editor.focused').waitFor({ timeout: 5_000 }).catch(() => undefined);
    const input = await openQuickInput(page, 'Control+G');
    await input.fill(column === undefined ? `:${line}` : `:${line}:${column}`);
    // The pick describes the typed position once it has read it; Enter before that goes nowhere.
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: String(line) }).first().waitFor({ timeout: 5_000 }).catch(() => undefined);
    await page.keyboard.press('Enter');
    try {
      await page.locator('.statusbar-item', { hasText: position }).waitFor({ timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/**
 * Answers the open quick pick or input box as a user would: waits for the step titled
 * `step` (the widget is reused between steps), or showing the prompt `prompt` (an input box
 * without a title), or a row showing `row`: the tells that the widget shows *this* step, types `text`, and accepts with Enter. Accepted
 * means the state a user sees next: the widget closed, or it shows another title or value.
 * A busy workbench can drop an Enter that arrives while the widget is still updating, so
 * while this step still shows exactly this answer, Enter is pressed again.
 */
export async function answerQuickInput(page: Page, text: string, expect: { row?: string; step?: RegExp; prompt?: RegExp } = {}): Promise<void> {
  if (!expect.row && !expect.step && !expect.prompt) throw new Error('answerQuickInput needs the step\'s title, its prompt or a row, to know the widget shows this step.');
  const widget = page.locator('.quick-input-widget');
  if (expect.step) await widget.locator('.quick-input-title', { hasText: expect.step }).waitFor();
  if (expect.prompt) await widget.locator('.quick-input-message', { hasText: expect.prompt }).waitFor();
  const input = widget.locator('input');
  await input.waitFor();
  await input.fill(text);
  if (expect.row) await widget.locator('.quick-input-list .monaco-list-row', { hasText: expect.row }).first().waitFor();
  const title = await widget.locator('.quick-input-title').textContent();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Enter');
    try {
      await eventually(async () => {
        const accepted = !(await widget.isVisible()) || (await widget.locator('.quick-input-title').textContent()) !== title || (await input.inputValue()) !== text;
        assert.ok(accepted, `the quick input still shows "${title}" with the answer "${text}"`);
      }, 15_000);
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/**
 * Runs `check` until it returns without throwing (an assertion on disk or on screen that
 * the editor reaches asynchronously), polling every 200 ms; after `timeoutMs` its last
 * error is thrown, so a failure says what was seen.
 */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * The notification that says `text`, as a user finds it: its toast, or, once the toast has
 * hidden (VS Code hides toasts after a while, and a busy or unfocused window can hide one
 * early), its row in the notification center, which this opens. Returns the element holding
 * its text and its action buttons.
 */
export async function findNotification(page: Page, text: string, timeoutMs = 60_000): Promise<Locator> {
  const toast = page.locator('.notification-toast', { hasText: text });
  const listed = page.locator('.notifications-center .notification-list-item', { hasText: text });
  const deadline = Date.now() + timeoutMs;
  let centerOpened = false;
  for (;;) {
    if (await toast.isVisible()) return toast;
    if (await listed.first().isVisible()) return listed.first();
    if (Date.now() > deadline) throw new Error(`No notification says "${text}".`);
    // Not a toast for 10 s: it may have come and gone; the center keeps it.
    if (!centerOpened && Date.now() > deadline - timeoutMs + 10_000) {
      await runCommand(page, 'Notifications: Show Notifications');
      centerOpened = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Runs a command from the palette by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  // Right after the workbench opens, the palette can miss contributed commands while
  // extensions are still being registered: close it and ask again.
  for (let attempt = 1; ; attempt++) {
    const input = await openQuickInput(page, 'F1');
    await input.fill(`>${title}`);
    try {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 5_000 });
      break;
    } catch (error) {
      if (attempt === 4) throw error;
      await page.keyboard.press('Escape');
    }
  }
  await page.keyboard.press('Enter');
}

/** Screenshots go to docs/screenshots when asked for (README), test-results otherwise. */
export async function screenshot(page: Page, name: string): Promise<void> {
  keepScreenshot(name, await page.screenshot());
}

/** Keeps a screenshot taken already (a state that may pass, kept only once it was seen to hold when taken). */
export function keepScreenshot(name: string, png: Buffer): void {
  const dir = process.env.INCIDENT_LENS_SCREENSHOTS ? join(REPO, 'docs/screenshots') : join(REPO, 'test-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.png`), png);
}

/** Shows the Incident Lens container in the side bar. */
export async function openIncidentLensSidebar(page: Page): Promise<void> {
  await page.locator('.activitybar .action-item a[aria-label^="Incident Lens"]').click();
  await page.locator('.pane-header', { hasText: 'Incidents' }).first().waitFor();
}

/**
 * Clicks one of a tree row's inline actions, as a user does: hover the row until the action
 * shows (a busy workbench can miss one hover), past any tooltip still open.
 */
export async function clickRowAction(page: Page, row: Locator, label: string): Promise<void> {
  const action = row.locator(`.action-label[aria-label="${label}"]`);
  for (let attempt = 1; ; attempt++) {
    await page.mouse.move(1, 1);
    await page.keyboard.press('Escape');
    await row.hover({ force: true });
    try {
      await action.waitFor({ state: 'visible', timeout: 5_000 });
      await action.click({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
}

/** Drags the side bar's edge out to `width` pixels, so rows show their descriptions whole. */
export async function widenSidebar(page: Page, width: number): Promise<void> {
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (!sidebar) return;
  const edge = sidebar.x + sidebar.width;
  await page.mouse.move(edge, sidebar.y + sidebar.height / 2);
  await page.mouse.down();
  await page.mouse.move(sidebar.x + width, sidebar.y + sidebar.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** The tree rows of one view, as "label|description" in visual order. */
export async function treeRows(page: Page, viewTitle: string): Promise<string[]> {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: viewTitle }) });
  return pane.locator('.monaco-list-row').evaluateAll((rows) => rows
    .map((row) => ({
      index: Number(row.getAttribute('data-index')),
      text: `${row.querySelector('.label-name')?.textContent ?? ''}|${row.querySelector('.label-description')?.textContent ?? ''}`,
    }))
    .sort((a, b) => a.index - b.index)
    .map((row) => row.text));
}

export function treeRow(page: Page, viewTitle: string, label: string) {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: viewTitle }) });
  return pane.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: label }) }).first();
}
