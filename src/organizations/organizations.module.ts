import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { MailAllowances } from './mail-allowances.js';
import { MemberChangeNotifier } from './member-changes.js';
import { Organization } from './organization.entity.js';
import { Organizer } from './organizer.entity.js';
import { OrganizationOutboxController } from './organization-outbox.controller.js';
import { OrganizationsController } from './organizations.controller.js';
import { OrganizationsService } from './organizations.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Organization, Organizer]), NotificationsModule],
  controllers: [OrganizationsController, OrganizationOutboxController],
  providers: [OrganizationsService, MemberChangeNotifier, MailAllowances],
  exports: [OrganizationsService, MemberChangeNotifier, MailAllowances, TypeOrmModule],
})
export class OrganizationsModule {}
