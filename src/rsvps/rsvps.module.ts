import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '../calendar/calendar.module.js';
import { EventsModule } from '../events/events.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { DoorScansRepository } from './door-scans.repository.js';
import { ProofOfWork } from './proof-of-work.js';
import { RsvpFeed } from './rsvp-feed.js';
import { RsvpErasure } from './rsvp-erasure.js';
import { RsvpEventListener } from './rsvp-event-listener.js';
import { RsvpMail } from './rsvp-mail.js';
import { BookingAllowance } from './rsvp-throttle.js';
import { RsvpManageController } from './rsvp-manage.controller.js';
import { RsvpOrganizerController } from './rsvp-organizer.controller.js';
import { RsvpOrganizerService } from './rsvp-organizer.service.js';
import { RsvpStatsService } from './rsvp-stats.service.js';
import { RsvpParticipantLookup } from './rsvp-participants.js';
import { Rsvp } from './rsvp.entity.js';
import { RsvpsController } from './rsvps.controller.js';
import { RsvpsRepository } from './rsvps.repository.js';
import { RsvpsService } from './rsvps.service.js';
import { Waitlist } from './waitlist.js';

/** RSVPs, the waitlist, attendees' emails and their erasure; pages book through RsvpsService, Q&A uses RsvpParticipantLookup, messages RsvpsRepository's recipients and tokens. */
@Module({
  imports: [TypeOrmModule.forFeature([Rsvp]), EventsModule, NotificationsModule, CalendarModule],
  controllers: [RsvpsController, RsvpManageController, RsvpOrganizerController],
  providers: [
    RsvpsRepository,
    DoorScansRepository,
    RsvpMail,
    BookingAllowance,
    Waitlist,
    RsvpsService,
    RsvpOrganizerService,
    RsvpEventListener,
    RsvpErasure,
    RsvpParticipantLookup,
    RsvpStatsService,
    ProofOfWork,
    RsvpFeed,
  ],
  exports: [DoorScansRepository, RsvpsService, RsvpOrganizerService, RsvpParticipantLookup, RsvpsRepository, RsvpStatsService, RsvpFeed],
})
export class RsvpsModule {}
