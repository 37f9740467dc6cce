// The Review section of the notes panel: for each practice its question, the lessons recorded
// for it and a field to add one; then the follow-ups with their status, and a form to add one.
// Every text goes in with textContent (dom.ts); what the user does is posted to the extension,
// which writes the file and sends the review back.
import { FOLLOW_UP_STATUS_VIEWS, type FollowUpStatusView, type PanelToExtension, type ReviewView } from '../../src/shared/protocol';
import * as l10n from '@vscode/l10n';
import { h, replaceChildren } from './dom';
import type { ValueElement } from './toolkit';

export class ReviewSection {
  readonly element = h('section', { class: 'review-section', id: 'review', 'aria-labelledby': 'review-heading', hidden: true });
  private readonly body = h('div', { class: 'review-body' });
  private readonly status = h('div', { class: 'form-status', role: 'status', id: 'review-status' });

  constructor(private readonly post: (message: PanelToExtension) => void) {
    replaceChildren(this.element, h('h2', { id: 'review-heading' }, l10n.t('Review')), this.status, this.body);
  }

  /** Shows `review`, or hides the section (null: a live incident without a review). */
  render(review: ReviewView | null, canWrite: boolean): void {
    if (!review) {
      this.element.hidden = true;
      return;
    }
    this.element.hidden = false;
    const practices = review.practices.map((practice) => this.practice(practice, review, canWrite));
    replaceChildren(this.body, ...practices, this.followUps(review, canWrite));
  }

  /** After a write: cleared on success, the reason otherwise (the typed text stays). */
  finished(result: { ok: true } | { ok: false; message: string }): void {
    this.status.textContent = result.ok ? '' : result.message;
    this.status.classList.toggle('error', !result.ok);
  }

  private practice(practice: ReviewView['practices'][number], review: ReviewView, canWrite: boolean): HTMLElement {
    const lessons = review.lessons.filter((l) => l.practice === practice.name);
    const field = h('vscode-text-area', { rows: '2', resize: 'vertical', 'aria-label': l10n.t('Lesson about {0}', practice.name), placeholder: l10n.t('What did this incident teach?'), 'data-practice': practice.name, disabled: !canWrite }) as ValueElement;
    const add = h('vscode-button', { appearance: 'secondary', 'data-action': 'add-lesson', disabled: !canWrite }, l10n.t('Add lesson')) as ValueElement;
    add.addEventListener('click', () => {
      const text = (field.value ?? '').trim();
      if (text === '') return;
      this.post({ type: 'addLesson', practice: practice.name, text });
      field.value = '';
    });
    return h('div', { class: 'practice', 'data-practice': practice.name },
      h('h3', {}, practice.name),
      practice.prompt && h('p', { class: 'muted prompt' }, practice.prompt),
      lessons.length > 0 ? h('ul', { class: 'lessons' }, ...lessons.map((l) => h('li', {}, l.text))) : h('p', { class: 'muted' }, l10n.t('No lesson recorded.')),
      h('div', { class: 'form-row' }, field, add),
    );
  }

  private followUps(review: ReviewView, canWrite: boolean): HTMLElement {
    const rows = review.followUps.map((item, index) => {
      const status = h('vscode-dropdown', { 'aria-label': l10n.t('Status of {0}', item.title), disabled: !canWrite },
        ...FOLLOW_UP_STATUS_VIEWS.map((s) => h('vscode-option', { value: s, selected: s === item.status }, s))) as ValueElement;
      status.addEventListener('change', () => {
        const value = status.value as FollowUpStatusView;
        if ((FOLLOW_UP_STATUS_VIEWS as readonly string[]).includes(value) && value !== item.status) this.post({ type: 'setFollowUpStatus', index, title: item.title, status: value });
      });
      return h('li', { class: `follow-up ${item.status}${item.stale ? ' stale' : ''}` },
        h('span', { class: 'title' }, item.title),
        item.owner && h('span', { class: 'muted' }, ` (${item.owner})`),
        item.stale && h('span', { class: 'stale-mark', title: l10n.t('Open longer than review.stale_follow_up_days') }, ` ${l10n.t('stale')}`),
        item.url && h('span', { class: 'muted url' }, ` ${item.url}`),
        status,
      );
    });
    const title = h('vscode-text-area', { rows: '1', class: 'follow-up-title', 'aria-label': l10n.t('Follow-up title'), placeholder: l10n.t('What should be done?'), disabled: !canWrite }) as ValueElement;
    const owner = h('vscode-text-area', { rows: '1', class: 'follow-up-owner', 'aria-label': l10n.t('Follow-up owner'), placeholder: l10n.t('Owner (person or team)'), disabled: !canWrite }) as ValueElement;
    const add = h('vscode-button', { appearance: 'secondary', 'data-action': 'add-follow-up', disabled: !canWrite }, l10n.t('Add follow-up')) as ValueElement;
    add.addEventListener('click', () => {
      const text = (title.value ?? '').trim();
      if (text === '') return;
      this.post({ type: 'addFollowUp', title: text, owner: (owner.value ?? '').trim() });
      title.value = '';
      owner.value = '';
    });
    return h('div', { class: 'follow-ups' },
      h('h3', {}, l10n.t('Follow-ups')),
      rows.length > 0 ? h('ul', {}, ...rows) : h('p', { class: 'muted' }, l10n.t('No follow-up yet.')),
      h('div', { class: 'form-row' }, title, owner, add),
    );
  }
}
