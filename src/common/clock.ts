import { Global, Injectable, Module } from '@nestjs/common';

/** The one reading of the wall clock: a test moves time by replacing it, instead of waiting. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
