import * as assert from 'node:assert/strict';
import { runOutboxTrial } from './fixtures/outboxTrial';

// Several processes run the outbox over one directory while a fake platform misbehaves and
// processes are killed mid-send; every note must arrive exactly once and in order. Larger runs:
// npm run bench.
describe('Outbox across processes, with faults and kills', function () {
  this.timeout(120_000);

  for (const platform of ['incident.io', 'pagerduty'] as const) {
    it(`${platform}: 3 processes, 40 notes on 4 incidents, 6 kills, 30% faulty requests: each note once, in order`, async () => {
      // PagerDuty lists a note 300 ms after taking it: a lookup right after a kill misses it.
      const result = await runOutboxTrial({ platform, notes: 40, incidents: 4, workers: 3, kills: 6, faultRate: 0.3, seed: platform === 'pagerduty' ? 7 : 11, listingLagMs: 300 });
      assert.deepEqual(
        { missing: result.missing, duplicated: result.duplicated, outOfOrder: result.outOfOrder, received: result.received },
        { missing: [], duplicated: [], outOfOrder: [], received: 40 },
        JSON.stringify(result),
      );
      assert.ok(result.faults > 0 && result.kills === 6, JSON.stringify(result));
    });
  }
});
