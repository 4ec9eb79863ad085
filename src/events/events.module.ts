import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '../calendar/calendar.module.js';
import { Organization } from '../accounts/organization.entity.js';
import { EventCalendarController } from './event-calendar.controller.js';
import { EventChangeNotifier } from './event-changes.js';
import { EventJobs } from './event-jobs.js';
import { EventViewsService } from './event-views.service.js';
import { Event } from './event.entity.js';
import { EventsController } from './events.controller.js';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';
import { PersonalDataErasure } from './personal-data-erasure.js';

@Module({
  imports: [TypeOrmModule.forFeature([Event, Organization]), CalendarModule],
  controllers: [EventsController, EventCalendarController],
  providers: [EventsService, EventViewsService, EventsRepository, EventChangeNotifier, EventJobs, PersonalDataErasure],
  exports: [EventsService, EventViewsService, EventChangeNotifier, PersonalDataErasure],
})
export class EventsModule {}
