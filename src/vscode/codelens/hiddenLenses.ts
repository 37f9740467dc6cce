// Lenses a user asked not to see: per link, for this user, remembered per workspace
// (workspaceState), never written to the repository. "Hide This Lens" adds the links
// behind one lens; "Show Hidden Lenses" brings them all back.
import * as vscode from 'vscode';
import type { Link } from '../../core/model';
import { Disposable } from '../disposable';

const STATE_KEY = 'incidentLens.hiddenLenses';

/** Identifies a link across sessions and edits: its incident, its stored path, and its symbol, fingerprint or stored lines. */
export function hiddenKey(incidentId: string, link: Pick<Link, 'path' | 'symbol' | 'fingerprint' | 'lines'>): string {
  const what = link.symbol ? `symbol:${link.symbol}` : link.fingerprint ? `fingerprint:${link.fingerprint}` : link.lines ? `lines:${link.lines.start}-${link.lines.end}` : 'file';
  return `${incidentId}\n${link.path}\n${what}`;
}

export class HiddenLenses extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {
    super();
  }

  private keys(): Set<string> {
    const stored = this.state.get<unknown>(STATE_KEY);
    return new Set(Array.isArray(stored) ? stored.filter((key): key is string => typeof key === 'string') : []);
  }

  isHidden(key: string): boolean {
    return this.keys().has(key);
  }

  get size(): number {
    return this.keys().size;
  }

  /** Hides the links with these keys; resolves once remembered. */
  async hide(keys: readonly string[]): Promise<void> {
    const all = this.keys();
    keys.forEach((key) => all.add(key));
    await this.state.update(STATE_KEY, [...all]);
    this.changed.fire();
  }

  /** Shows every hidden lens again; returns how many links were hidden. */
  async showAll(): Promise<number> {
    const count = this.keys().size;
    await this.state.update(STATE_KEY, undefined);
    if (count > 0) this.changed.fire();
    return count;
  }
}
