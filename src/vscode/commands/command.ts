/** One palette or internal command: an id and what it does. */
export interface Command {
  readonly id: string;
  /** Writes to the repository, runs git or talks to a platform: refused in an untrusted workspace. */
  readonly requiresTrust?: boolean;
  execute(...args: unknown[]): unknown;
}
