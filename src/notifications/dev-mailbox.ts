import type { FastifyRequest } from 'fastify';
import { readdir, readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/domain-errors.js';
import { AppConfig } from '../config/app-config.js';
import { MAIL_FILE, Mailer } from './mailer.js';

export interface CapturedMail {
  file: string;
  subject: string;
  to: string;
  date: string;
  text: string;
  html: string;
}

/** Judged on the socket's own peer, never on X-Forwarded-For, which anyone can send. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const ipv4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (isIP(ipv4) === 4) return ipv4.startsWith('127.');
  return address === '::1';
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The host name a Host header names (`localhost:3000` → `localhost`), or undefined when it is not one. */
function hostNameOf(host: string | undefined): string | undefined {
  if (!host) return undefined;
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * The development mailbox: the .eml files the mailer wrote under var/mail/. They hold
 * personal data and secret links, so only the machine itself may read them, only without
 * SMTP_URL and never in production; to anyone else it does not exist.
 */
@Injectable()
export class DevMailbox {
  constructor(
    private readonly config: AppConfig,
    private readonly mailer: Mailer,
  ) {}

  /**
   * A request relayed by a proxy on this machine arrives from loopback too, so a relayed one is
   * refused. A web page whose name re-binds to 127.0.0.1 (DNS rebinding) reaches the socket from
   * loopback as well, but its browser sends that page's name as Host: only this machine's names pass.
   */
  assertOpenTo(request: FastifyRequest): void {
    const relayed = request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
    const host = hostNameOf(request.headers.host);
    const ownHost = host !== undefined && (LOOPBACK_NAMES.has(host) || host === new URL(this.config.appUrl).hostname);
    if (this.config.production || !this.mailer.writesFiles || relayed || !ownHost || !isLoopback(request.socket.remoteAddress)) {
      throw new NotFoundError('The page');
    }
  }

  /** Newest first: file names start with the message's UTC time. */
  async list(): Promise<CapturedMail[]> {
    const files = await readdir(this.mailer.mailDir).catch(() => [] as string[]);
    const names = files
      .filter((file) => MAIL_FILE.test(file))
      .sort()
      .reverse();
    return Promise.all(names.map((file) => this.read(file)));
  }

  async read(file: string): Promise<CapturedMail> {
    if (!MAIL_FILE.test(file)) throw new NotFoundError('The message');
    const summary = await readFile(join(this.mailer.mailDir, file.replace(/\.eml$/, '.json')), 'utf8').catch(() => {
      throw new NotFoundError('The message');
    });
    return { file, ...(JSON.parse(summary) as Omit<CapturedMail, 'file'>) };
  }

  async raw(file: string): Promise<Buffer> {
    if (!MAIL_FILE.test(file)) throw new NotFoundError('The message');
    return readFile(join(this.mailer.mailDir, file)).catch(() => {
      throw new NotFoundError('The message');
    });
  }
}
