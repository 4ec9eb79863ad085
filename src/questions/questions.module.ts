import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module.js';
import { AccountsModule } from '../accounts/accounts.module.js';
import { PanelistsModule } from '../panelists/panelists.module.js';
import { RsvpsModule } from '../rsvps/rsvps.module.js';
import { ChangeLogPruner } from './change-log-pruner.js';
import { PanelQuestionsController } from './panel-questions.controller.js';
import { PanelQuestionsService } from './panel-questions.service.js';
import { Participant } from './participant.entity.js';
import { ParticipantsService } from './participants.service.js';
import { QuestionAuthorErasure } from './question-author-erasure.js';
import { QuestionSignals } from './question-signals.js';
import { QuestionStream } from './question-stream.js';
import { QuestionVotesService } from './question-votes.service.js';
import { QaAllowances } from './qa-allowances.js';
import { Question } from './question.entity.js';
import { QuestionsController } from './questions.controller.js';
import { QuestionsRepository } from './questions.repository.js';
import { QuestionsService } from './questions.service.js';
import { StreamMetrics } from './stream-metrics.js';
import { StreamRevocations } from './stream-revocations.js';

@Module({
  imports: [TypeOrmModule.forFeature([Question, Participant]), EventsModule, AccountsModule, PanelistsModule, RsvpsModule],
  controllers: [QuestionsController, PanelQuestionsController],
  providers: [
    QuestionsService,
    PanelQuestionsService,
    QuestionVotesService,
    ParticipantsService,
    QuestionsRepository,
    QuestionSignals,
    QuestionStream,
    ChangeLogPruner,
    QaAllowances,
    StreamRevocations,
    StreamMetrics,
    QuestionAuthorErasure,
  ],
  // For the Q&A and panelist pages.
  exports: [QuestionsService, QuestionVotesService, PanelQuestionsService, QuestionStream],
})
export class QuestionsModule {}
