import { Module } from '@nestjs/common';
import { AttendanceModule } from '../attendance/attendance.module.js';
import { EventsModule } from '../events/events.module.js';
import { PanelistsModule } from '../panelists/panelists.module.js';
import { QuestionsModule } from '../questions/questions.module.js';
import { RsvpsModule } from '../rsvps/rsvps.module.js';
import { StatsController } from './stats.controller.js';
import { StatsService } from './stats.service.js';

/** A forum's numbers, above the features that count them (events knows neither RSVPs nor questions). */
@Module({
  imports: [EventsModule, RsvpsModule, AttendanceModule, QuestionsModule, PanelistsModule],
  controllers: [StatsController],
  providers: [StatsService],
  exports: [StatsService],
})
export class StatsModule {}
