/** One palette or internal command: an id and what it does. */
export interface Command {
  readonly id: string;
  /** Writes to the repository: refused in an untrusted workspace, which is read-only. */
  readonly writes?: boolean;
  execute(...args: unknown[]): unknown;
}
