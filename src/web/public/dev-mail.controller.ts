import { Controller, Get, Header, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../accounts/auth.decorators.js';
import { DevMailbox } from '../../notifications/dev-mailbox.js';
import { mailboxPage, messagePage } from './dev-mail.pages.js';

/** Development only: the messages written under var/mail/, to loopback requests (else 404). */
@ApiExcludeController()
@Public()
@Controller('dev/mail')
export class DevMailController {
  constructor(private readonly mailbox: DevMailbox) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async list(@Req() request: FastifyRequest): Promise<string> {
    this.mailbox.assertOpenTo(request);
    return mailboxPage(await this.mailbox.list());
  }

  @Get(':file')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async show(@Req() request: FastifyRequest, @Param('file') file: string): Promise<string> {
    this.mailbox.assertOpenTo(request);
    return messagePage(await this.mailbox.read(file));
  }

  @Get(':file/raw')
  async raw(@Req() request: FastifyRequest, @Param('file') file: string, @Res() reply: FastifyReply): Promise<void> {
    this.mailbox.assertOpenTo(request);
    const raw = await this.mailbox.raw(file);
    await reply.type('message/rfc822').header('Content-Disposition', `attachment; filename="${file}"`).send(raw);
  }
}
