// The notes panel's Review section, extension side: what the incident taught by practice and
// its follow-ups, shown for a resolved incident (or any that has a review), and the panel's
// review messages written through the incident writer (src/core/reviewEdits.ts).
import type { IncidentWriter } from '../../adapters/incidentWriter';
import type { IncidentConfig } from '../../core/config';
import { isLive, type Incident } from '../../core/model';
import type { Clock } from '../../core/ports';
import { isStaleFollowUp } from '../../core/review';
import { isoSeconds } from '../../core/time';
import type { ExtensionToPanel, PanelToExtension, ReviewView } from '../../shared/protocol';

export interface ReviewDeps {
  writer: IncidentWriter;
  clock: Clock;
  configOf: (folder: string) => IncidentConfig;
}

type ReviewMessage = Extract<PanelToExtension, { type: 'addLesson' | 'addFollowUp' | 'setFollowUpStatus' }>;

export class ReviewPart {
  constructor(private readonly source: string, private readonly deps: ReviewDeps, private readonly post: (message: ExtensionToPanel) => void) {}

  /** Posts the Review section for `incident`, or hides it while the incident is live and has no review. */
  show(incident: Incident, folder: string, canWrite: boolean): void {
    this.post({ type: 'review', review: !isLive(incident) || incident.review ? reviewView(incident, this.deps.configOf(folder), this.deps.clock.now()) : null, canWrite });
  }

  /** Handles a review message (true), or says it is not one (false). */
  async receive(message: PanelToExtension): Promise<boolean> {
    if (message.type !== 'addLesson' && message.type !== 'addFollowUp' && message.type !== 'setFollowUpStatus') return false;
    try {
      await write(this.deps.writer, this.source, message, this.deps.clock.now());
      this.post({ type: 'reviewSaved' });
    } catch (error) {
      this.post({ type: 'reviewFailed', message: (error as Error).message });
    }
    return true;
  }
}

/** The review edit a panel message asks for, written (off this thread: IncidentWriter.edit). */
function write(writer: IncidentWriter, source: string, message: ReviewMessage, now: Date): Promise<string> {
  switch (message.type) {
    case 'addLesson':
      return writer.edit(source, 'addLesson', { practice: message.practice, text: message.text });
    case 'addFollowUp':
      return writer.edit(source, 'addFollowUp', { title: message.title, ...(message.owner.trim() ? { owner: message.owner } : {}), openedAt: isoSeconds(now) });
    case 'setFollowUpStatus':
      return writer.edit(source, 'setFollowUpStatus', message.index, message.status, message.title);
  }
}

/** The review as the panel shows it; a status change names the follow-up's title too, so a stale index is refused. */
export function reviewView(incident: Incident, config: IncidentConfig, now: Date): ReviewView {
  const review = incident.review ?? { lessons: [], followUps: [] };
  const practices = config.review.practices.map((p) => ({ name: p.name, prompt: p.prompt }));
  for (const lesson of review.lessons) if (!practices.some((p) => p.name === lesson.practice)) practices.push({ name: lesson.practice, prompt: '' });
  return {
    practices,
    lessons: review.lessons.map((l) => ({ practice: l.practice, text: l.text })),
    followUps: review.followUps.map((f) => ({
      title: f.title, status: f.status, stale: isStaleFollowUp(f, incident, config.review.staleFollowUpDays, now),
      ...(f.owner ? { owner: f.owner } : {}), ...(f.url ? { url: f.url } : {}),
    })),
  };
}
