import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { OutboxMessage } from '../notifications/outbox-message.entity.js';

/** Why a new RSVP was refused, as far as this metric follows it. */
export type BookingRefusalReason = 'full' | 'closed';

/**
 * This process's Prometheus metrics. Labels hold only route patterns, methods, statuses and
 * fixed words, never a path, a token, an id or anything personal. Instruments count whether
 * or not METRICS_PORT serves them: counting costs next to nothing.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly logger = new Logger(Metrics.name);

  private readonly requestDuration = new Histogram({
    name: 'townhall_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status (live streams excluded).',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly bookingConflicts = new Counter({
    name: 'townhall_booking_conflicts_total',
    help: 'New RSVPs that got no seat: refused because the event was full or closed, or put on the waitlist.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  /** Set by the feature that holds the live streams: metrics is a leaf and imports no feature. */
  private openStreamsReader: () => Record<string, number> = () => ({});

  constructor(
    config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    // A scrape while the database is down still reports the process; the outbox gauges are left out.
    const outbox = () =>
      this.outboxBacklog().catch((error: Error) => {
        this.logger.warn(`Reading the outbox for metrics failed: ${error.message}`);
        return undefined;
      });
    new Gauge({
      name: 'townhall_outbox_messages',
      help: 'Emails in the outbox waiting for delivery (pending) or given up on (failed), across all instances.',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        const rows = await outbox();
        this.reset();
        for (const row of rows ?? []) this.set({ status: row.status }, row.count);
      },
    });
    new Gauge({
      name: 'townhall_outbox_oldest_pending_seconds',
      help: 'Age of the oldest email still waiting for delivery; 0 when none waits.',
      registers: [this.registry],
      async collect() {
        const rows = await outbox();
        const pending = rows?.find((row) => row.status === 'pending');
        // NaN, not 0, when unknown: 0 says that nothing waits. Real elapsed time, as the
        // database stamped the row, not the Clock that tests move.
        // eslint-disable-next-line no-restricted-syntax -- a metric of real time, see above
        this.set(!rows ? NaN : pending?.oldest ? (Date.now() - pending.oldest.getTime()) / 1000 : 0);
      },
    });
    const openStreams = () => this.openStreamsReader();
    new Gauge({
      name: 'townhall_sse_open_streams',
      help: 'Live Q&A streams open on this instance, by audience (public, moderator).',
      labelNames: ['audience'] as const,
      registers: [this.registry],
      collect() {
        for (const [audience, count] of Object.entries(openStreams())) this.set({ audience }, count);
      },
    });
    if (config.metrics) collectDefaultMetrics({ register: this.registry });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requestDuration.observe({ method, route, status: String(status) }, seconds);
  }

  bookingRefused(reason: BookingRefusalReason): void {
    this.bookingConflicts.inc({ reason });
  }

  bookingWaitlisted(): void {
    this.bookingConflicts.inc({ reason: 'waitlisted' });
  }

  /** Read at scrape time from the table every instance shares, so any instance reports the whole backlog. */
  private async outboxBacklog(): Promise<{ status: 'pending' | 'failed'; count: number; oldest: Date | null }[]> {
    const rows = await this.dataSource
      .getRepository(OutboxMessage)
      .createQueryBuilder('message')
      .select('message.status', 'status')
      .addSelect('count(*)::int', 'count')
      .addSelect('min(message.created_at)', 'oldest')
      .where(`message.status IN ('pending', 'failed')`)
      .groupBy('message.status')
      .getRawMany<{ status: 'pending' | 'failed'; count: number; oldest: Date | null }>();
    return (['pending', 'failed'] as const).map(
      (status) => rows.find((row) => row.status === status) ?? { status, count: 0, oldest: null },
    );
  }

  /** The live streams open on this instance, by audience, read when scraped. */
  countOpenStreamsWith(read: () => Record<string, number>): void {
    this.openStreamsReader = read;
  }
}
