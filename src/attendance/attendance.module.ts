import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { RsvpsModule } from '../rsvps/rsvps.module.js';
import { AttendanceController } from './attendance.controller.js';
import { AttendanceService } from './attendance.service.js';
import { DoorService } from './door.service.js';

/** The door on the night: check-ins come from RSVPs, walk-ins are counted here. */
@Module({
  imports: [EventsModule, RsvpsModule],
  controllers: [AttendanceController],
  providers: [AttendanceService, DoorService],
  exports: [AttendanceService, DoorService],
})
export class AttendanceModule {}
