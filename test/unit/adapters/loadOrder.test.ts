import * as assert from 'node:assert/strict';
import { loadInOrder, type FolderLoadSteps, type PendingParse } from '../../../src/adapters/loadOrder';

/**
 * Steps over `count` files of `chars` characters each, file i linking `linking(i)`'s path: a parser
 * that answers files read first at once and holds the rest until released, as a worker busy with
 * a long queue does. `wantedAfter`: the path is asked for once that many files were handed.
 */
function heldSteps(count: number, chars: number, linking: (i: number) => boolean, wantedAfter: number) {
  const held: (() => void)[] = [];
  const settledWith: { handedRest: number; readFirst: number }[] = [];
  const handed = new Set<number>();
  let rereads = 0;
  let handedRest = 0;
  let readFirst = 0;
  let wanted = false;
  let settled = false;
  const steps: FolderLoadSteps = {
    files: Array.from({ length: count }, (_, i) => `/f/.incidents/INC-${i}.yaml`),
    cached: new Array(count).fill(undefined),
    read(i, first): PendingParse {
      handed.add(i);
      if (first) {
        readFirst++;
        return { done: Promise.resolve(), text: 'x'.repeat(chars) };
      }
      if (++handedRest === wantedAfter) wanted = true;
      return { done: new Promise<void>((answer) => held.push(answer)), text: 'x'.repeat(chars) };
    },
    unchanged: () => undefined,
    applyUnchanged: () => undefined,
    wanted: () => (wanted && !settled ? ['src/open.ts'] : []),
    mayLink(i, _names, text) {
      if (text === undefined && handed.has(i)) rereads++;
      return linking(i);
    },
    settle() {
      settled = true;
      settledWith.push({ handedRest, readFirst });
    },
  };
  return { steps, held, settledWith, rereads: () => rereads };
}

describe('loadInOrder', () => {
  it('reads the files for a wanted path while the other parses fill the queue, and settles it before they are parsed', async () => {
    const linking = new Set([150, 260, 399]);
    // 10 characters a file, 100 at most queued: the rest's queue is full after 11 files.
    const { steps, held, settledWith, rereads } = heldSteps(400, 10, (i) => linking.has(i), 11);
    const loading = loadInOrder(steps, 20, 100);
    for (let turn = 0; turn < 20; turn++) await new Promise((next) => setImmediate(next));
    // The parser finishes one file, as it goes on: the load takes its turn and finds the path wanted.
    held.shift()?.();
    for (let turn = 0; turn < 200 && settledWith.length === 0; turn++) await new Promise((next) => setImmediate(next));
    assert.deepEqual(settledWith, [{ handedRest: 11, readFirst: linking.size }], 'settled with every linking file read, the rest still held');
    assert.equal(rereads(), 0, 'the files handed to the parser are looked at in the text they were handed, not read again');
    // Then the rest loads, paced by the parser: released as it is handed.
    while (held.length > 0) {
      held.splice(0).forEach((answer) => answer());
      await new Promise((next) => setImmediate(next));
    }
    await loading;
  });

  it('holds at most the limit of text for the files read first, waiting for their parses', async () => {
    let handedFirst = 0;
    const firstHeld: (() => void)[] = [];
    let wanted = true;
    const steps: FolderLoadSteps = {
      files: Array.from({ length: 50 }, (_, i) => `/f/.incidents/INC-${i}.yaml`),
      cached: new Array(50).fill(undefined),
      read(_i, first) {
        if (!first) return { done: Promise.resolve(), text: 'x'.repeat(10) };
        handedFirst++;
        return { done: new Promise<void>((answer) => firstHeld.push(answer)), text: 'x'.repeat(10) };
      },
      unchanged: () => undefined,
      applyUnchanged: () => undefined,
      wanted: () => (wanted ? ['src/open.ts'] : []),
      // Every file names it (a hostile repository can): all are read first, within the limit.
      mayLink: () => true,
      settle: () => { wanted = false; },
    };
    const loading = loadInOrder(steps, 20, 100);
    for (let turn = 0; turn < 50; turn++) await new Promise((next) => setImmediate(next));
    assert.equal(handedFirst, 11, 'stopped once more than 100 characters waited for the parser');
    while (firstHeld.length > 0) {
      firstHeld.splice(0).forEach((answer) => answer());
      for (let turn = 0; turn < 5; turn++) await new Promise((next) => setImmediate(next));
    }
    await loading;
    assert.equal(handedFirst, 50);
  });
});
