import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentOrganizer, MANAGERS, Public, type AuthenticatedOrganizer } from '../../accounts/auth.decorators.js';
import { DoorService } from '../../attendance/door.service.js';
import { SyncDto } from '../../attendance/dto/door.dto.js';
import { WalkInDto } from '../../attendance/dto/attendance.dto.js';
import { AttendanceService } from '../../attendance/attendance.service.js';
import { NotFoundError } from '../../common/domain-errors.js';
import { EventView } from '../../events/dto/event.views.js';
import type { Event } from '../../events/event.entity.js';
import { CheckInByCodeDto } from '../../rsvps/dto/rsvp.dto.js';
import { DoorClosedError } from '../../rsvps/rsvp-errors.js';
import { RsvpOrganizerService } from '../../rsvps/rsvp-organizer.service.js';
import { codeOf, formInteger, parseForm } from '../kit/form-errors.js';
import { PageRedirect, PageView, type PageResult } from '../kit/page-view.js';
import { SiteAssets } from '../kit/site-assets.js';
import { ConsolePages } from './console-pages.decorator.js';
import { OwnedEvent } from './owned-event.guard.js';

/** What the volunteer sees after a code: `checkedIn`, `already`, `notConfirmed`, `unknown` or `closed` (with why). */
interface DoorAnswer {
  kind: 'checkedIn' | 'already' | 'notConfirmed' | 'unknown' | 'closed';
  partySize?: number;
  checkedInAt?: string;
  name?: string | null;
  message?: string;
}

/** A JSON answer for the page's script (the console's errors are pages). */
function json(reply: FastifyReply, body: unknown, status = 200): string {
  reply.status(status).header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-store');
  return JSON.stringify(body);
}

/** The script's answer, or a 409 saying the door is closed: the script then erases what the phone kept. */
async function doorJson(reply: FastifyReply, work: () => Promise<unknown>): Promise<string> {
  try {
    return json(reply, await work());
  } catch (error) {
    if (error instanceof DoorClosedError) return json(reply, { code: error.code, message: error.message }, 409);
    throw error;
  }
}

/**
 * The door on the night, for every member, on a phone in one hand: a code typed or scanned,
 * the answer in large type, walk-ins counted with one button, and who is inside against the
 * fire-code capacity, refreshed every second from the database (so every door and instance agrees).
 */
@ConsolePages({ forEvent: true })
@Controller('console/events/:id/door')
export class ConsoleDoorController {
  constructor(
    private readonly rsvps: RsvpOrganizerService,
    private readonly attendance: AttendanceService,
    private readonly door: DoorService,
    private readonly assets: SiteAssets,
  ) {}

  @Get()
  show(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @OwnedEvent() event: Event, @Query('walkIn') walkIn?: string) {
    return this.page(organizer, event, { notice: walkIn !== undefined ? 'walkIn' : undefined });
  }

  /** Every code counts against the member's budget, shared with the API (RsvpOrganizerService.checkInByCode). */
  @Post()
  async checkIn(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @OwnedEvent() event: Event,
    @Body() body: Record<string, unknown>,
  ): Promise<PageView> {
    const { value, errors } = await parseForm(CheckInByCodeDto, { code: body.code });
    if (errors) return this.page(organizer, event, { errors, code: body.code }, 400);
    let answer: DoorAnswer;
    try {
      const checkIn = await this.rsvps.checkInByCode(organizer.organizationId, event.id, value.code, organizer.id);
      answer = {
        kind: checkIn.alreadyCheckedIn ? 'already' : 'checkedIn',
        partySize: checkIn.partySize,
        checkedInAt: checkIn.checkedInAt ?? undefined,
      };
      // Owners and organizers may see who it is; a moderator never sees a name.
      if (MANAGERS.includes(organizer.role)) answer.name = await this.rsvps.nameOf(organizer.organizationId, event.id, checkIn.id);
    } catch (error) {
      if (error instanceof DoorClosedError) answer = { kind: 'closed', message: error.message };
      else if (error instanceof NotFoundError) answer = { kind: 'unknown' };
      else if (codeOf(error) === 'rsvp-not-confirmed') answer = { kind: 'notConfirmed' };
      else throw error;
    }
    return this.page(organizer, event, {
      answer,
      code: answer.kind === 'checkedIn' || answer.kind === 'already' ? undefined : body.code,
    });
  }

  @Post('walk-ins')
  async walkIn(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @OwnedEvent() event: Event,
    @Body() body: Record<string, unknown>,
  ): Promise<PageResult> {
    const { value, errors } = await parseForm(WalkInDto, { delta: formInteger(body.delta) });
    if (errors) return this.page(organizer, event, {}, 400);
    try {
      await this.attendance.walkIn(organizer.organizationId, event.id, value.delta);
    } catch (error) {
      if (codeOf(error) === 'no-walk-ins-to-take-back') return this.page(organizer, event, { notice: 'noWalkInToTakeBack' }, 409);
      throw error;
    }
    return new PageRedirect(`/console/events/${event.id}/door?walkIn`);
  }

  /** The counters every door's page refreshes each second. */
  @Get('counts')
  async counts(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @OwnedEvent() event: Event,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-store');
    return JSON.stringify(await this.attendance.counts(organizer.organizationId, event.id));
  }

  /** The list the page keeps in the browser to answer without signal (names for owners and organizers only). */
  @Get('list')
  list(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @OwnedEvent() event: Event,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return doorJson(reply, () => this.door.doorList(organizer, event.id, false));
  }

  /** What the page queued (offline or not), as the API's sync takes it, under the console session. */
  @Post('sync')
  @HttpCode(200)
  async sync(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @OwnedEvent() event: Event,
    @Body() body: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { value, errors } = await parseForm(SyncDto, { device: body.device, checkIns: body.checkIns, walkIns: body.walkIns });
    if (errors) return json(reply, { code: 'validation-failed', errors }, 400);
    return doorJson(reply, () => this.door.sync(organizer, event.id, value));
  }

  private async page(
    organizer: AuthenticatedOrganizer,
    event: Event,
    state: { answer?: DoorAnswer; errors?: object; code?: unknown; notice?: string },
    status?: number,
  ) {
    const counts = await this.attendance.counts(organizer.organizationId, event.id);
    const { items: doubleScans } = await this.door.doubleScans(organizer, event.id);
    return new PageView(
      'console/door',
      { event: EventView.of(event), counts, doubleScans, ...state, decoder: this.assets.url('jsQR.js') },
      { title: event.title, status, scripts: ['door.js'] },
    );
  }
}

/**
 * The door's service worker, served under /console/ so that its scope covers the door pages;
 * no personal data in it, so no session is needed, and always revalidated so a new one takes over.
 */
@ApiExcludeController()
@Public()
@Controller('console')
export class DoorWorkerController {
  constructor(private readonly assets: SiteAssets) {}

  @Get('door-sw.js')
  worker(@Res({ passthrough: true }) reply: FastifyReply): Buffer {
    const asset = this.assets.get('door-sw.js')!;
    reply.header('content-type', asset.type).header('cache-control', 'no-cache');
    return asset.body;
  }
}
