import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '../calendar/calendar.module.js';
import { Organization } from '../organizations/organization.entity.js';
import { EventCalendarController } from './event-calendar.controller.js';
import { EventChangeNotifier } from './event-changes.js';
import { EventViewsService } from './event-views.service.js';
import { Event } from './event.entity.js';
import { EventsController } from './events.controller.js';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Event, Organization]), CalendarModule],
  controllers: [EventsController, EventCalendarController],
  providers: [EventsService, EventViewsService, EventsRepository, EventChangeNotifier],
  exports: [EventsService, EventViewsService, EventChangeNotifier],
})
export class EventsModule {}
