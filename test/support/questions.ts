import { EventChangeNotifier } from '../../src/events/event-changes.js';
import { newPublishedEvent, panelistBody } from './event-factory.js';
import type { ApiResponse } from './http.js';
import type { SignedUp, TestApp } from './test-app.js';

export type Moderation = 'pre' | 'post';

/** Q&A factories: published events with question settings, panelists with their links, participants. */
export class QaFactory {
  private readonly panelTokens = new Map<string, string>();

  constructor(
    readonly t: TestApp,
    readonly org: SignedUp,
  ) {
    t.app.get(EventChangeNotifier).register({
      panelistInvited: async (_manager, panelist, _event, token) => void this.panelTokens.set(panelist.id, token),
    });
  }

  event(questions: { enabled?: boolean; moderation?: Moderation; allowAnonymous?: boolean } = {}) {
    return newPublishedEvent(this.t, this.org.token, {
      questions: { enabled: true, moderation: 'pre', allowAnonymous: true, ...questions },
    });
  }

  /** A panelist who accepted, and their private link token. */
  async panelist(eventId: string, role: 'panelist' | 'moderator' = 'panelist'): Promise<{ id: string; token: string }> {
    const response = await this.t.api.post(`/api/events/${eventId}/panelists`, panelistBody(this.t, { role }), { token: this.org.token });
    if (response.status !== 201) throw new Error(`invitation failed: ${response.status} ${response.text}`);
    const token = this.panelTokens.get(response.body.id)!;
    const accepted = await this.t.api.post(`/api/panel/${token}/accept`);
    if (accepted.status !== 200) throw new Error(`accepting failed: ${accepted.status} ${accepted.text}`);
    return { id: response.body.id, token };
  }

  async participant(eventId: string): Promise<string> {
    const response = await this.t.api.post(`/api/events/${eventId}/participants`);
    if (response.status !== 201) throw new Error(`joining failed: ${response.status} ${response.text}`);
    return response.body.participantToken;
  }

  ask(eventId: string, participantToken: string, body: Record<string, unknown>): Promise<ApiResponse> {
    return this.t.api.post(`/api/events/${eventId}/questions`, body, { headers: { 'x-participant-token': participantToken } });
  }

  /** A question already visible to everyone: asked by a fresh participant, approved by the owner. */
  async approvedQuestion(eventId: string, body: string): Promise<{ id: string }> {
    const asked = await this.ask(eventId, await this.participant(eventId), { body });
    if (asked.status !== 201) throw new Error(`asking failed: ${asked.status} ${asked.text}`);
    await this.moderate(asked.body.question.id, { status: 'approved' });
    return asked.body.question;
  }

  async moderate(questionId: string, patch: Record<string, unknown>): Promise<ApiResponse> {
    const response = await this.t.api.patch(`/api/questions/${questionId}`, patch, { token: this.org.token });
    if (response.status !== 200) throw new Error(`moderating failed: ${response.status} ${response.text}`);
    return response;
  }

  vote(questionId: string, participantToken: string, method: 'POST' | 'DELETE' = 'POST'): Promise<ApiResponse> {
    return this.t.api.request(method, `/api/questions/${questionId}/vote`, { headers: { 'x-participant-token': participantToken } });
  }
}
