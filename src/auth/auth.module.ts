import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { AuthController } from './auth.controller.js';
import { AccountThrottles } from './auth-throttles.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { ConsoleSessionsService } from './console-sessions.service.js';

@Module({
  imports: [
    OrganizationsModule,
    NotificationsModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: 'HS256', expiresIn: '24h' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, AccountThrottles, ConsoleSessionsService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, ConsoleSessionsService],
})
export class AuthModule {}
