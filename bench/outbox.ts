// `npm run bench` (second part): the outbox's multi-process fault-injection trial at a larger
// size than the unit test's, per platform, against a floor measured in the same run: the same
// notes delivered by the same number of processes with no faults and no kills. Prints one JSON
// object on stdout and a short table on stderr; exits 1 if any note was lost, doubled or reordered.
import { runOutboxTrial, type TrialOptions, type TrialResult } from '../test/unit/adapters/fixtures/outboxTrial';

const NOTES = Number(process.env.BENCH_OUTBOX_NOTES ?? 300);

async function main(): Promise<void> {
  const report: Record<string, unknown> = { notes: NOTES };
  let broken = false;
  for (const platform of ['incident.io', 'pagerduty'] as const) {
    const base: TrialOptions = { platform, notes: NOTES, incidents: 8, workers: 4, kills: 0, faultRate: 0, seed: 1, timeoutMs: 600_000 };
    console.error(`bench: outbox, ${platform}, ${NOTES} notes, clean floor...`);
    const clean = await runOutboxTrial(base);
    console.error(`bench: outbox, ${platform}, ${NOTES} notes, faults and kills...`);
    // PagerDuty lists a note 300 ms after taking it, so lookups right after a kill miss it.
    const faulty = await runOutboxTrial({ ...base, kills: Math.max(5, Math.round(NOTES / 15)), faultRate: 0.3, seed: 2, listingLagMs: 300 });
    const summary = (r: TrialResult) => ({
      ms: r.ms, notesPerSecond: Math.round((r.queued / r.ms) * 10_000) / 10, requests: r.requests, faults: r.faults, kills: r.kills,
      processes: r.processes, received: r.received, missing: r.missing.length, duplicated: r.duplicated.length, outOfOrder: r.outOfOrder.length,
    });
    report[platform] = { clean: summary(clean), faulty: summary(faulty), faultyVsClean: Math.round((faulty.ms / clean.ms) * 100) / 100 };
    for (const r of [clean, faulty]) broken ||= r.missing.length > 0 || r.duplicated.length > 0 || r.outOfOrder.length > 0 || r.received !== r.queued;
    console.error(`  ${platform}: clean ${clean.ms} ms, with ${faulty.faults} faults and ${faulty.kills} kills ${faulty.ms} ms (${(faulty.ms / clean.ms).toFixed(2)}x); ` +
      `lost ${faulty.missing.length}, doubled ${faulty.duplicated.length}, out of order ${faulty.outOfOrder.length}`);
  }
  report.exactlyOnceInOrder = !broken;
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = broken ? 1 : 0;
}

void main();
