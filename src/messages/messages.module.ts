import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { PanelistsModule } from '../panelists/panelists.module.js';
import { RsvpsModule } from '../rsvps/rsvps.module.js';
import { MessageMail } from './message-mail.js';
import { Message } from './message.entity.js';
import { MessagesController } from './messages.controller.js';
import { MessagesRepository } from './messages.repository.js';
import { MessagesService } from './messages.service.js';

/** Organizers' messages to attendees or the panel; above RSVPs and panelists, which never import it. */
@Module({
  imports: [TypeOrmModule.forFeature([Message]), EventsModule, RsvpsModule, PanelistsModule, NotificationsModule],
  controllers: [MessagesController],
  providers: [MessagesService, MessagesRepository, MessageMail],
  exports: [MessagesService],
})
export class MessagesModule {}
