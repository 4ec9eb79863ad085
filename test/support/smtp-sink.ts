import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { freePort } from './server-process.js';

export interface ReceivedMail {
  raw: string;
  parsed: ParsedMail;
  messageId: string;
  /** Envelope recipients (RCPT TO), lower-cased. */
  recipients: string[];
  subject: string;
  /** When the sink accepted it (performance.now()), for delivery rates. */
  receivedAt: number;
}

type Refusal = { code: number; message: string };

/**
 * A real SMTP server on a loopback port that keeps every message it accepts, parsed with
 * mailparser. It can go down and come back on the same port, and refuse recipients with a
 * chosen 4xx or 5xx reply, to exercise the outbox's retries.
 */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  private server: SMTPServer | undefined;
  private refusal: Refusal | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink(await freePort());
    await sink.listen();
    return sink;
  }

  /** For SMTP_URL; the sink offers no STARTTLS, so nodemailer speaks plain SMTP on loopback. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  /** Answers every recipient with this reply until `accept()`; e.g. 451 (try later) or 550 (never). */
  refuse(code: number, message = code >= 500 ? 'Mailbox unavailable' : 'Try again later'): void {
    this.refusal = { code, message };
  }

  accept(): void {
    this.refusal = undefined;
  }

  async listen(): Promise<void> {
    if (this.server) return;
    const options: SMTPServerOptions = {
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 100,
      onRcptTo: (address, _session, callback) => {
        if (!this.refusal) return callback();
        const { code, message } = this.refusal;
        callback(Object.assign(new Error(`${message} for <${address.address}>`), { responseCode: code }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw)
            .then((parsed) => {
              this.messages.push({
                raw,
                parsed,
                messageId: parsed.messageId ?? '',
                recipients: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
                subject: parsed.subject ?? '',
                receivedAt: performance.now(),
              });
              callback();
            })
            .catch(callback);
        });
      },
    };
    const server = new SMTPServer(options);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** Takes the server down, cutting open connections: the mail server is "down" until `listen()`. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves with the first message matching, or fails after `timeoutMs`. */
  async waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs = 10_000): Promise<ReceivedMail> {
    const [mail] = await this.waitForCount(predicate, 1, timeoutMs);
    return mail!;
  }

  /** Resolves once at least `count` messages match, or fails after `timeoutMs`. */
  async waitForCount(predicate: (mail: ReceivedMail) => boolean, count: number, timeoutMs = 10_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.filter(predicate);
      if (found.length >= count) return found;
      if (Date.now() > deadline) {
        throw new Error(`The SMTP sink received ${found.length} of ${count} expected messages within ${timeoutMs} ms.`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  to(address: string): (mail: ReceivedMail) => boolean {
    return (mail) => mail.recipients.includes(address.toLowerCase());
  }
}
