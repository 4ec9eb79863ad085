import { applyDecorators, Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentOrganizer, OptionalOrganizer, Public, type AuthenticatedOrganizer } from '../accounts/auth.decorators.js';
import { ApiConditionalGet, conditionalGet } from '../http/conditional-get.js';
import { ApiParticipantToken } from '../http/openapi.js';
import { CrowdRoute, ThrottlePerCredential } from '../common/throttling.js';
import { AskQuestionDto, ModerateQuestionDto, QuestionsQuery, StreamQuery } from './dto/question.dto.js';
import { ParticipantTokenView, QuestionEnvelope, QuestionPage, QuestionView, VotesView } from './dto/question.views.js';
import { PARTICIPANT_HEADER } from './participants.service.js';
import { QuestionStream } from './question-stream.js';
import { QuestionVotesService } from './question-votes.service.js';
import { QuestionsService } from './questions.service.js';

const participantOf = (request: FastifyRequest) => request.headers[PARTICIPANT_HEADER];

/** The SSE answer and its refusals, documented once for both streams. */
export const ApiEventStream = () =>
  applyDecorators(
    ApiProduces('text/event-stream'),
    ApiHeader({ name: 'Last-Event-ID', required: false }),
    ApiOkResponse({
      description:
        'text/event-stream. Events: question.approved, question.voted, question.answered, question.pinned, question.removed ' +
        "(and question.created for moderator panelists); data: the question's public fields as JSON ({id} only when removed). " +
        'Send Last-Event-ID to resume.',
      content: { 'text/event-stream': { schema: { type: 'string' } } },
    }),
    ApiTooManyRequestsResponse({
      description:
        '`too-many-streams`: this client address holds its share of anonymous streams (1,000), or this member or panelist ' +
        'theirs (20); close some, or retry after `Retry-After`. A server holding all the streams it can (those left being kept ' +
        'for members and panelists) answers 503 `unavailable`.',
    }),
  );

@ApiTags('questions')
@Controller('api')
export class QuestionsController {
  constructor(
    private readonly questions: QuestionsService,
    private readonly votes: QuestionVotesService,
    private readonly stream: QuestionStream,
  ) {}

  @Post('events/:id/participants')
  @Public()
  @ApiOperation({
    summary:
      'An anonymous participant token for asking and voting at a published event; 429 beyond what a full hall on one address would mint',
  })
  @ApiForbiddenResponse({
    description:
      'The event is not published (`event-not-published`), is cancelled (`event-cancelled`), or has questions turned off (`questions-off`).',
  })
  @ApiCreatedResponse({ type: ParticipantTokenView })
  async join(@Param('id') eventId: string, @Req() request: FastifyRequest): Promise<ParticipantTokenView> {
    return { participantToken: await this.questions.join(eventId, request.ip) };
  }

  @Post('events/:id/questions')
  @Public()
  @CrowdRoute()
  @ApiParticipantToken({ required: false })
  @ApiOperation({
    summary:
      'Ask a question (participant), or enter a paper card (member, source "card"); the same question twice answers 200 with the first',
  })
  @ApiForbiddenResponse({
    description:
      'The event is not published (`event-not-published`), is cancelled (`event-cancelled`), or has questions turned off (`questions-off`).',
  })
  @ApiCreatedResponse({ type: QuestionEnvelope })
  @ApiOkResponse({ type: QuestionEnvelope, description: 'The participant had asked this already: their first question, unchanged.' })
  async ask(
    @Param('id') eventId: string,
    @Body() body: AskQuestionDto,
    @Headers(PARTICIPANT_HEADER) participantToken: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @OptionalOrganizer() organizer?: AuthenticatedOrganizer,
  ): Promise<QuestionEnvelope> {
    const { question, created } = await this.questions.ask(eventId, body, { organizer, participantToken });
    reply.status(created ? 201 : 200);
    return { question: QuestionView.of(question) };
  }

  @Get('events/:id/questions')
  @Public()
  @ApiParticipantToken({ required: false })
  @ApiOperation({ summary: 'Approved and answered questions, pinned first, then most votes, then oldest; ?status= for members' })
  @ApiOkResponse({ type: QuestionPage })
  @ApiConditionalGet()
  async list(
    @Param('id') eventId: string,
    @Query() query: QuestionsQuery,
    @Headers(PARTICIPANT_HEADER) participantToken: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @OptionalOrganizer() viewer?: AuthenticatedOrganizer,
  ): Promise<QuestionPage | undefined> {
    // Only the list everyone sees is one version for all; a participant's marks its own votes.
    if (viewer || query.status !== undefined || participantToken !== undefined)
      return this.questions.list(eventId, query, viewer, participantToken);
    const cached = await this.questions.publicPage(eventId, query);
    return conditionalGet(request, reply, { etag: cached.etag, value: cached.value.page });
  }

  @Get('events/:id/questions/stream')
  @Public()
  @ApiEventStream()
  @ApiOperation({
    summary: "Live changes to the public questions as Server-Sent Events (with pending ones for the organization's members)",
  })
  async subscribe(
    @Param('id') eventId: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Query() query: StreamQuery,
    @Res() reply: FastifyReply,
    @OptionalOrganizer() viewer?: AuthenticatedOrganizer,
  ): Promise<void> {
    const { eventId: id, audience, holder } = await this.questions.streamOf(eventId, viewer);
    await this.stream.open(reply, id, audience, lastEventId ?? query.since, holder);
  }

  @Patch('questions/:id')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Approve, reject, pin or mark answered (organization members)' })
  @ApiOkResponse({ type: QuestionEnvelope })
  async moderate(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Param('id') questionId: string,
    @Body() body: ModerateQuestionDto,
  ): Promise<QuestionEnvelope> {
    return { question: QuestionView.of(await this.questions.moderate(organizer, questionId, body)) };
  }

  @Post('questions/:id/vote')
  @HttpCode(200)
  @Public()
  @CrowdRoute()
  @ThrottlePerCredential(participantOf, 60, 60_000)
  @ApiParticipantToken({ required: true })
  @ApiOperation({ summary: 'Vote for an approved question; voting again changes nothing' })
  @ApiConflictResponse({ description: '`question-answered`: its votes are final.' })
  @ApiOkResponse({ type: VotesView })
  async vote(@Param('id') questionId: string, @Headers(PARTICIPANT_HEADER) token: string | undefined): Promise<VotesView> {
    return { votes: await this.votes.setVote(questionId, token, true) };
  }

  @Delete('questions/:id/vote')
  @Public()
  @CrowdRoute()
  @ThrottlePerCredential(participantOf, 60, 60_000)
  @ApiParticipantToken({ required: true })
  @ApiOperation({ summary: 'Withdraw a vote; withdrawing again changes nothing' })
  @ApiConflictResponse({ description: '`question-answered`: its votes are final.' })
  @ApiOkResponse({ type: VotesView })
  async unvote(@Param('id') questionId: string, @Headers(PARTICIPANT_HEADER) token: string | undefined): Promise<VotesView> {
    return { votes: await this.votes.setVote(questionId, token, false) };
  }
}
