/** One palette or internal command: an id and what it does. */
export interface Command {
  readonly id: string;
  execute(...args: unknown[]): unknown;
}
