// One part of a round of the change check's bench in a process of its own, as
// `incident-lens check` runs once per process (bench/benchCheck.ts starts it): the request
// as JSON in argv[2], its figures as JSON on stdout.
import { measureCommand, measureEditorChecks, measureFloor, type RoundRequest } from './benchCheck';

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as RoundRequest;
  const answer = request.part === 'floor' ? await measureFloor(request) : request.part === 'editor' ? await measureEditorChecks(request.root, request.times ?? 1) : await measureCommand(request);
  process.stdout.write(JSON.stringify(answer));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
