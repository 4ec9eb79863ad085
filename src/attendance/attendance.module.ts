import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { RsvpsModule } from '../rsvps/rsvps.module.js';
import { AttendanceController } from './attendance.controller.js';
import { AttendanceService } from './attendance.service.js';

/** The door on the night: check-ins come from RSVPs, walk-ins are counted here. */
@Module({
  imports: [EventsModule, RsvpsModule],
  controllers: [AttendanceController],
  providers: [AttendanceService],
  exports: [AttendanceService],
})
export class AttendanceModule {}
