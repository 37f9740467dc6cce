// The change check's bench figures from its rounds: each round's check judged against that
// round's own load, medians and the middle half, wall and thread CPU apart.
import * as assert from 'node:assert/strict';
import { checkPhase, editorPhase, type Round } from '../../../bench/benchCheck';

/** A round whose load took `load` ms (wall) and `loadCpu` ms (thread CPU), and whose check took `check` and `checkCpu`. */
function round(load: number, check: number, loadCpu: number, checkCpu: number): Round {
  return { floor: { ms: 100, threadMs: 90 }, load: { ms: load, threadMs: loadCpu }, check: { ms: check, threadMs: checkCpu }, people: { ms: 10, threadMs: 5 } };
}

describe('bench: the change check phase', () => {
  it('takes the median of each round\'s check / load, not the ratio of medians, and reports the middle half', () => {
    // A machine busy in two rounds: their loads and checks both slow; every round's check is 10% of its load in CPU.
    const rounds = [round(300, 30, 200, 20), round(900, 270, 220, 22), round(310, 31, 210, 21), round(1200, 120, 240, 24), round(290, 58, 230, 23)];
    const phase = checkPhase(rounds);
    assert.equal(phase.repetitions, 5);
    assert.equal(phase.loadMs, 310);
    assert.equal(phase.checkMs, 58);
    // Wall shares 0.1, 0.3, 0.1, 0.1, 0.2: median 0.1; a ratio of medians would say 58 / 310 = 0.187.
    assert.equal(phase.checkShareOfLoad, 0.1);
    assert.deepEqual(phase.checkShareSpread, [0.1, 0.2]);
    assert.ok(Math.abs(phase.checkCpuShareOfLoad - 0.1) < 1e-12);
    assert.equal(phase.loadCpuMs, 220);
    assert.equal(phase.checkCpuMs, 22);
    assert.equal(phase.ratio, (290 + 58) / 100, "the median round's (load + check) / floor");
  });

  it('judges the editor\'s repeated checks against the warm command rounds\' median load', () => {
    const checks = [{ ms: 60, threadMs: 30 }, { ms: 200, threadMs: 31 }, { ms: 50, threadMs: 29 }];
    const phase = editorPhase(checks, { loadMs: 500, loadCpuMs: 400 });
    assert.deepEqual(phase, { checkMs: 60, checkCpuMs: 30, checkShareOfLoad: 60 / 500, checkCpuShareOfLoad: 30 / 400, repetitions: 3 });
  });
});
