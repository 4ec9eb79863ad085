import { type DynamicModule, Global, Injectable, Module } from '@nestjs/common';

/** The one reading of the wall clock: a test moves time by replacing it, instead of waiting. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

@Global()
@Module({})
export class ClockModule {
  /** Production reads the wall clock; the e2e tests pass one they can move. */
  static forRoot(clock: Clock): DynamicModule {
    return { module: ClockModule, providers: [{ provide: Clock, useValue: clock }], exports: [Clock] };
  }
}
