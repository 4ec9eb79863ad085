import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { AttendanceModule } from './attendance/attendance.module.js';
import { AccountsModule } from './accounts/accounts.module.js';
import { ApiErrorFilter } from './http/api-error.filter.js';
import { loggerParams } from './http/logging.js';
import { forTerminal } from './http/terminal-logs.js';
import { Clock, ClockModule } from './common/clock.js';
import { PeriodicTasksModule } from './common/periodic-tasks.js';
import { ThrottleCounts, ThrottleCountsModule } from './common/throttle-counts.js';
import { AppThrottlerGuard, throttlerOptions } from './common/throttling.js';
import { AppConfig } from './config/app-config.js';
import { DatabaseModule } from './database/database.module.js';
import { DatabaseListenerModule } from './database/database-listener.js';
import { ReadCacheModule } from './database/read-cache.js';
import { DemoModule } from './demo/demo.module.js';
import { EventsModule } from './events/events.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { HealthController } from './health/health.controller.js';
import { MessagesModule } from './messages/messages.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { PanelistsModule } from './panelists/panelists.module.js';
import { RsvpsModule } from './rsvps/rsvps.module.js';
import { StatsModule } from './stats/stats.module.js';
import { QuestionsModule } from './questions/questions.module.js';
import { WebModule } from './web/web.module.js';

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, clock: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule.forRoot(clock),
        LoggerModule.forRoot(forTerminal(loggerParams(config))),
        DatabaseModule,
        DatabaseListenerModule,
        ReadCacheModule,
        PeriodicTasksModule,
        MetricsModule,
        ThrottleCountsModule,
        ThrottlerModule.forRootAsync({
          inject: [ThrottleCounts],
          useFactory: (storage: ThrottleCounts) => ({ ...throttlerOptions, storage }),
        }),
        TerminusModule.forRoot({ logger: false }),
        NotificationsModule,
        AccountsModule,
        EventsModule,
        PanelistsModule,
        RsvpsModule,
        QuestionsModule,
        AttendanceModule,
        MessagesModule,
        StatsModule,
        DemoModule,
        WebModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_FILTER, useClass: ApiErrorFilter },
        { provide: APP_GUARD, useClass: AppThrottlerGuard },
      ],
    };
  }
}
