// Keeps the store in step with .incidents/ on disk: edits, new files, deletions,
// and workspace folders coming and going. Only what changed is re-read.
import * as vscode from 'vscode';
import { CONFIG_FILE, type ConfigStore } from '../adapters/configStore';
import { isIncidentFileName } from '../adapters/incidentFiles';
import { INCIDENTS_DIR, type IncidentStore } from '../adapters/incidentStore';
import { Disposable } from './disposable';
import { fileFolders, toIncidentFolder } from './workspaceFolders';
import type { IncidentFolder } from '../adapters/incidentStore';
import * as path from 'node:path';

export class IncidentWatcher extends Disposable {
  private readonly perFolder = new Map<string, vscode.Disposable>();

  constructor(private readonly store: IncidentStore, private readonly configs: ConfigStore) {
    super();
    this._register(vscode.workspace.onDidChangeWorkspaceFolders((event) => {
      event.removed.forEach((folder) => this.unwatch(folder));
      event.added.forEach((folder) => { this.watch(folder); void this.load(toIncidentFolder(folder)); });
    }));
    (vscode.workspace.workspaceFolders ?? []).forEach((folder) => this.watch(folder));
    this._register({ dispose: () => this.perFolder.forEach((d) => d.dispose()) });
  }

  /** Loads every folder from scratch. */
  async loadAll(): Promise<void> {
    await Promise.all(fileFolders().map((folder) => this.load(folder)));
  }

  /** The config first: its severity labels decide what a valid incident is. */
  private async load(folder: IncidentFolder): Promise<void> {
    await this.configs.load(folder);
    await this.store.loadFolder(folder);
  }

  private watch(folder: vscode.WorkspaceFolder): void {
    if (folder.uri.scheme !== 'file') return;
    const incidentFolder = toIncidentFolder(folder);
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `${INCIDENTS_DIR}/*.{yaml,yml}`));
    const refresh = (uri: vscode.Uri) => {
      const name = path.basename(uri.fsPath);
      if (name === CONFIG_FILE) void this.load(incidentFolder);
      else if (isIncidentFileName(name)) void this.store.refreshFile(uri.fsPath, incidentFolder);
    };
    // Renaming or deleting the whole directory only reports the directory.
    const dirWatcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, INCIDENTS_DIR), true, true, false);
    this.perFolder.set(folder.uri.toString(), vscode.Disposable.from(
      watcher,
      watcher.onDidCreate(refresh),
      watcher.onDidChange(refresh),
      watcher.onDidDelete((uri) => (path.basename(uri.fsPath) === CONFIG_FILE ? void this.load(incidentFolder) : this.store.removeFile(uri.fsPath))),
      dirWatcher,
      dirWatcher.onDidDelete(() => void this.load(incidentFolder)),
    ));
  }

  private unwatch(folder: vscode.WorkspaceFolder): void {
    this.perFolder.get(folder.uri.toString())?.dispose();
    this.perFolder.delete(folder.uri.toString());
    this.store.removeFolder(toIncidentFolder(folder));
    this.configs.remove(toIncidentFolder(folder));
  }
}
