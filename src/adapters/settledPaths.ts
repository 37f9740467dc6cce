// Which code paths a running load has settled (every file that could link them is in the index),
// and which a front-end asked for first: the store's answer to "is this count final?". Kept
// apart from the reading, which only reports what it settled (IncidentStore.loadFolder).

export class SettledPaths {
  /** Per folder being loaded: the code paths whose links are all in the index already. */
  private readonly loading = new Map<string, Set<string>>();
  /** Per folder: code paths asked for first (prioritize) and not settled yet. */
  private readonly wanted = new Map<string, Set<string>>();
  private readonly listeners = new Set<() => void>();

  /**
   * Whether every link into `path` (workspace-relative) of `folderId` is in the index: true unless
   * a load of the folder is running (begin, not yet end) and has not settled `path`.
   */
  isSettled(folderId: string, path: string): boolean {
    return this.loading.get(folderId)?.has(path) ?? true;
  }

  /** Asks the running load of `folderId` to settle `path` next (see wantedNow); no-op when settled. */
  prioritize(folderId: string, path: string): void {
    if (this.isSettled(folderId, path)) return;
    const wanted = this.wanted.get(folderId) ?? new Set<string>();
    wanted.add(path);
    this.wanted.set(folderId, wanted);
  }

  /** Called when paths became settled during a load (settle), after they are marked so and announced. */
  onDidSettle(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** A load of `folderId` starts: nothing in it is settled until `settle` says so. Returns the load's token for the calls below. */
  begin(folderId: string): Set<string> {
    const settled = new Set<string>();
    this.loading.set(folderId, settled);
    return settled;
  }

  /** The paths asked for first in the load `settled` of `folderId` and not yet settled, in the order asked. */
  wantedNow(folderId: string, settled: Set<string>): string[] {
    return [...(this.wanted.get(folderId) ?? [])].filter((path) => !settled.has(path));
  }

  /**
   * Marks `paths` settled in the load `settled`, then runs `announce` (the store's change event, whose
   * listeners must already see them settled), then tells the onDidSettle listeners.
   */
  settle(settled: Set<string>, paths: readonly string[], announce: () => void): void {
    paths.forEach((path) => settled.add(path));
    announce();
    for (const listener of this.listeners) listener();
  }

  /** The load `settled` of `folderId` ended (or failed): every path of the folder is settled, unless a newer load began. */
  end(folderId: string, settled: Set<string>): void {
    if (this.loading.get(folderId) !== settled) return;
    this.loading.delete(folderId);
    this.wanted.delete(folderId);
  }
}
