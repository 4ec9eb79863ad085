import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../accounts/auth.decorators.js';
import { fromParam, ThrottlePerCredential } from '../common/throttling.js';
import { ModerateQuestionDto, PanelAskQuestionDto, QuestionsQuery, StreamQuery } from './dto/question.dto.js';
import { QuestionEnvelope, QuestionPage, QuestionView } from './dto/question.views.js';
import { PanelQuestionsService } from './panel-questions.service.js';
import { QuestionStream } from './question-stream.js';
import { ApiEventStream } from './questions.controller.js';

/** The panel's queue through a panelist's private link. */
@ApiTags('questions')
@Controller('api/panel/:token/questions')
export class PanelQuestionsController {
  constructor(
    private readonly panel: PanelQuestionsService,
    private readonly stream: QuestionStream,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'The queue in the public order, marking questions addressed to this panelist; pending ones too for a moderator',
  })
  @ApiForbiddenResponse({ description: '`moderator-only`: only a moderator panelist sees pending and rejected questions.' })
  @ApiOkResponse({ type: QuestionPage })
  list(@Param('token') token: string, @Query() query: QuestionsQuery): Promise<QuestionPage> {
    return this.panel.list(token, query);
  }

  @Post()
  @Public()
  @ThrottlePerCredential(fromParam('token'), 30, 60_000)
  @ApiOperation({ summary: 'A moderator panelist enters a paper card, approved at once' })
  @ApiForbiddenResponse({ description: '`moderator-only`: only a moderator panelist enters questions from cards.' })
  @ApiCreatedResponse({ type: QuestionEnvelope })
  async ask(@Param('token') token: string, @Body() body: PanelAskQuestionDto): Promise<QuestionEnvelope> {
    return { question: QuestionView.of(await this.panel.ask(token, body)) };
  }

  @Get('stream')
  @Public()
  @ApiEventStream()
  @ApiOperation({ summary: "Live changes to the panelist's queue as Server-Sent Events" })
  async subscribe(
    @Param('token') token: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Query() query: StreamQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { eventId, audience, holder } = await this.panel.streamOf(token);
    await this.stream.open(reply, eventId, audience, lastEventId ?? query.since, holder);
  }

  @Patch(':id')
  @Public()
  @ApiOperation({ summary: 'Mark answered or take that back (any panelist); approve, reject or pin (a moderator panelist)' })
  @ApiForbiddenResponse({
    description:
      'A plain panelist only marks questions answered (`moderator-only`); a panelist who declined does nothing (`panel-declined`).',
  })
  @ApiOkResponse({ type: QuestionEnvelope })
  async change(
    @Param('token') token: string,
    @Param('id') questionId: string,
    @Body() body: ModerateQuestionDto,
  ): Promise<QuestionEnvelope> {
    return { question: QuestionView.of(await this.panel.change(token, questionId, body)) };
  }
}
