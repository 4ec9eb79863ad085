import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { AccountsRepository } from './accounts.repository.js';
import { AuthController } from './auth.controller.js';
import { AccountThrottles } from './auth-throttles.js';
import { AuthService } from './auth.service.js';
import { ConsoleSessionsService } from './console-sessions.service.js';
import { IdentityGuard } from './identity.guard.js';
import { MailAllowances } from './mail-allowances.js';
import { MemberChangeNotifier } from './member-changes.js';
import { Organization } from './organization.entity.js';
import { OrganizationOutboxController } from './organization-outbox.controller.js';
import { OrganizationsController } from './organizations.controller.js';
import { OrganizationsService } from './organizations.service.js';
import { Organizer } from './organizer.entity.js';

/** Who someone is and what they may do: organizations, their members, sign-in, sessions and the one identity guard. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Organization, Organizer]),
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
  controllers: [AuthController, OrganizationsController, OrganizationOutboxController],
  providers: [
    AccountsRepository,
    AuthService,
    AccountThrottles,
    ConsoleSessionsService,
    OrganizationsService,
    MemberChangeNotifier,
    MailAllowances,
    { provide: APP_GUARD, useClass: IdentityGuard },
  ],
  exports: [AuthService, ConsoleSessionsService, OrganizationsService, MemberChangeNotifier, MailAllowances, TypeOrmModule],
})
export class AccountsModule {}
