// The panel's strings go through @vscode/l10n. Its bundle is the extension's own
// (`vscode.l10n.bundle`), which src/vscode/notes/notesHtml.ts writes into the page's
// `data-l10n` attribute; it is checked like any message (src/shared/protocol.ts) and loaded
// before the first string is rendered. Without one (English) `l10n.t` returns its source text.
import * as l10n from '@vscode/l10n';
import { isL10nBundle } from '../../src/shared/protocol';

/** Loads the translations `element` carries; an unreadable bundle leaves the panel in English. */
export function loadTranslations(element: HTMLElement | null): void {
  const raw = element?.dataset.l10n;
  if (!raw) return;
  try {
    const bundle: unknown = JSON.parse(raw);
    if (isL10nBundle(bundle)) l10n.config({ contents: bundle });
  } catch {
    // Not JSON: the panel stays in English rather than failing to render.
  }
}
