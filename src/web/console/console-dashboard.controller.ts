import { Controller, Get, Query, Req } from '@nestjs/common';
import { Public } from '../../accounts/auth.decorators.js';
import type { FastifyRequest } from 'fastify';
import { Clock } from '../../common/clock.js';
import { AppConfig } from '../../config/app-config.js';
import type { EventView } from '../../events/dto/event.views.js';
import { erasureOf, isOpen } from '../../events/event-rules.js';
import { EventViewsService } from '../../events/event-views.service.js';
import { MailAllowances } from '../../accounts/mail-allowances.js';
import { PanelistsService } from '../../panelists/panelists.service.js';
import { QuestionsService } from '../../questions/questions.service.js';
import { PageView } from '../kit/page-view.js';
import { ConsolePages, safeReturnPath } from './console-pages.decorator.js';

/** The dashboard lists this many forums; an organization with more sees the newest first. */
const DASHBOARD_LIMIT = 200;
const NOTICES = ['welcome', 'signedOut', 'passwordChanged', 'deleted', 'emailConfirmed', 'confirmationSent'];

type Group = 'upcoming' | 'drafts' | 'past';

function groupOf(event: EventView, now: Date): Group {
  if (event.status === 'draft') return 'drafts';
  return isOpen(event, now) ? 'upcoming' : 'past';
}

/** The console's front door: the sign-in form, or for a signed-in member the organization's forums. */
@ConsolePages()
@Controller('console')
export class ConsoleDashboardController {
  constructor(
    private readonly views: EventViewsService,
    private readonly panelists: PanelistsService,
    private readonly questions: QuestionsService,
    private readonly allowances: MailAllowances,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Public()
  async dashboard(@Req() request: FastifyRequest, @Query() query: Record<string, string>): Promise<PageView> {
    const notice = NOTICES.find((key) => key in query);
    if (!request.organizer) {
      const form = { values: { next: safeReturnPath(query.next) } };
      return new PageView('console/sign-in', { form, notice, signupEnabled: this.config.signupEnabled }, { scripts: ['door-forget.js'] });
    }
    const { items } = await this.views.listForOrganization(request.organizer.organizationId, { limit: DASHBOARD_LIMIT });
    const ids = items.map((event) => event.id);
    const [panels, pending, confirmed] = await Promise.all([
      this.panelists.answerCounts(ids),
      this.questions.pendingCounts(ids),
      this.allowances.mayReachStrangers(request.organizer.organizationId),
    ]);
    const now = this.clock.now();
    const groups: Record<Group, object[]> = { upcoming: [], drafts: [], past: [] };
    for (const event of items) {
      const panel = panels.get(event.id)!;
      groups[groupOf(event, now)].push({
        event,
        pendingQuestions: pending.get(event.id) ?? 0,
        panel: { accepted: panel.confirmed, invited: panel.invited + panel.confirmed + panel.declined },
        erasure: erasureOf(event, this.config.retentionDays, now),
      });
    }
    // The list comes latest start first; what is coming is read soonest first.
    groups.upcoming.reverse();
    groups.drafts.reverse();
    // Until an owner confirms their address, publishing and messages are refused: said before anyone tries.
    const unconfirmed = confirmed ? undefined : { owner: request.organizer.role === 'owner' };
    return new PageView('console/dashboard', { groups, empty: items.length === 0, notice, unconfirmed });
  }
}
