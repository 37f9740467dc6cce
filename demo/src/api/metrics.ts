type Tags = Record<string, string | number>;

export const metrics = {
  increment(name: string, tags: Tags = {}): void {
    process.stdout.write(`${JSON.stringify({ metric: name, tags, at: Date.now() })}\n`);
  },
};
