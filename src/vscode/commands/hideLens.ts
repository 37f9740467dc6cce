// "Hide This Lens": hides the lens over the linked code at the cursor (or the links a
// hover's "Hide this lens" names) for this user in this workspace. The links stay in the
// incident files; "Show Hidden Lenses" brings the lens back.
import * as vscode from 'vscode';
import type { CurrentLinks, PositionedLink } from '../anchors/currentLinks';
import { hiddenKey, type HiddenLenses } from '../codelens/hiddenLenses';
import type { Command } from './command';

export const HIDE_LENS_COMMAND = 'incidentLens.hideLens';

/** A hover's arguments: the keys (hiddenKey) of the links behind the lens. */
export interface HideLensArgs {
  keys: string[];
}

export class HideLensCommand implements Command {
  readonly id = HIDE_LENS_COMMAND;

  constructor(private readonly hidden: HiddenLenses, private readonly current: CurrentLinks) {}

  async execute(args?: unknown): Promise<void> {
    const keys = isHideLensArgs(args) ? args.keys : await this.keysAtCursor();
    if (keys.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No incident lens is over the code at the cursor.'));
      return;
    }
    await this.hidden.hide(keys);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Lens hidden. "Show Hidden Lenses" brings it back.'), 5000);
  }

  /** The links of the innermost lens over the cursor's line, or the file's own lens when no range covers it. */
  private async keysAtCursor(): Promise<string[]> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return [];
    const line = editor.selection.active.line + 1;
    const { links } = await this.current.forDocument(editor.document);
    const covering = links.filter(({ link }) => link.lines && link.lines.start <= line && line <= link.lines.end);
    const innermost = Math.max(...covering.map(({ link }) => link.lines?.start ?? 0));
    const chosen: PositionedLink[] = covering.length > 0 ? covering.filter(({ link }) => link.lines?.start === innermost) : links.filter(({ link }) => !link.lines);
    return chosen.map(({ incident, link }) => hiddenKey(incident.id, link));
  }
}

function isHideLensArgs(value: unknown): value is HideLensArgs {
  return typeof value === 'object' && value !== null && Array.isArray((value as HideLensArgs).keys) && (value as HideLensArgs).keys.every((key) => typeof key === 'string');
}
