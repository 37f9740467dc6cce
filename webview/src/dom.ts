// Building the panel's DOM. Text goes in with textContent and attributes with setAttribute,
// never through innerHTML: incident text is the repository's, and `<img onerror>` in a title
// must show as those very characters.
import * as l10n from '@vscode/l10n';

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes?: Record<string, string | boolean | undefined>, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attributes?: Record<string, string | boolean | undefined>, ...children: Child[]): HTMLElement;
export function h(tag: string, attributes: Record<string, string | boolean | undefined> = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, ...children);
}

/** "00:42", "1d 03:10": hours and minutes since `startMs`, as the status bar shows it. */
export function formatElapsed(startMs: number, nowMs: number): string {
  const minutes = Math.max(0, Math.floor((nowMs - startMs) / 60_000));
  const days = Math.floor(minutes / 1440);
  const clock = `${String(Math.floor((minutes % 1440) / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return days > 0 ? l10n.t('{0}d {1}', days, clock) : clock;
}

/** "2 h 35 min": how long a resolved incident lasted. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  return [days ? l10n.t('{0} d', days) : '', hours ? l10n.t('{0} h', hours) : '', l10n.t('{0} min', minutes % 60)].filter(Boolean).join(' ');
}

export function timeOf(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

export function linesLabel(lines: { start: number; end: number } | undefined): string {
  if (!lines) return '';
  return lines.start === lines.end ? `:${lines.start}` : `:${lines.start}–${lines.end}`;
}
