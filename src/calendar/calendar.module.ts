import { Module } from '@nestjs/common';
import { CalendarService } from './calendar.service.js';

/** Only the builder, with no feature imports, so the mail notifications can use it without a cycle. */
@Module({ providers: [CalendarService], exports: [CalendarService] })
export class CalendarModule {}
