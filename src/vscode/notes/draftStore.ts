// Unsent note drafts, per incident file, in workspaceState: the panel's own state restores
// a draft after a reload, and this copy restores it when the panel was closed and reopened.
import type * as vscode from 'vscode';
import { isDraft, type Draft } from '../../shared/protocol';

const KEY = 'incidentLens.noteDrafts';

export class DraftStore {
  constructor(private readonly memento: vscode.Memento) {}

  get(source: string): Draft | undefined {
    const draft = this.all()[source];
    return isDraft(draft) ? draft : undefined;
  }

  async set(source: string, draft: Draft): Promise<void> {
    const drafts = this.all();
    if (draft.text.trim() === '') delete drafts[source];
    else drafts[source] = draft;
    await this.memento.update(KEY, drafts);
  }

  async delete(source: string): Promise<void> {
    const drafts = this.all();
    if (!(source in drafts)) return;
    delete drafts[source];
    await this.memento.update(KEY, drafts);
  }

  private all(): Record<string, unknown> {
    const stored = this.memento.get<unknown>(KEY);
    // Object.create(null): a file named __proto__ stays a key.
    return Object.assign(Object.create(null) as Record<string, unknown>, typeof stored === 'object' && stored !== null ? stored : {});
  }
}
