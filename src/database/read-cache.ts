import { createHash } from 'node:crypto';
import { Global, Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntitySubscriberInterface } from 'typeorm';
import { DatabaseListener } from './database-listener.js';

/** Carries space-separated tags (`event:<id>`, `organization:<id>`); the triggers of migration PublicReadSignals send them. */
const CHANNEL = 'public_reads';
/** Public pages of a few hundred events, well within memory; the oldest go first. */
const MAX_ENTRIES = 5000;

/** A value with a strong validator of it, for ETag and If-None-Match. */
export interface Cached<T> {
  value: T;
  etag: string;
}

interface Entry extends Cached<unknown> {
  tags: string[];
}

/**
 * Public reads, answered from memory until a change to what they were read from. Every instance
 * hears every change through NOTIFY (database triggers send the tags of what changed, so no
 * write path can forget); a transaction committed by this process also clears this process's
 * entries at once, so its own next read never waits for the NOTIFY. While the LISTEN connection
 * is down nothing is served from or kept in the cache.
 */
@Injectable()
export class ReadCache implements EntitySubscriberInterface {
  private readonly entries = new Map<string, Entry>();
  private readonly keysByTag = new Map<string, Set<string>>();
  /** Counts invalidations, so a read that raced one is not kept. */
  private generation = 0;
  private clearedAt = 0;
  private readonly invalidatedAt = new Map<string, number>();
  private loading = 0;

  constructor(
    private readonly listener: DatabaseListener,
    @InjectDataSource() dataSource: DataSource,
  ) {
    listener.on(CHANNEL, (payload) => this.invalidate(...payload.split(' ')));
    listener.onReconnect(() => this.clear());
    dataSource.subscribers.push(this);
  }

  /** The cached value under `key`, or `load`'s, kept under the tags `tagsOf` gives unless a change raced the load. */
  async read<T>(key: string, load: () => Promise<T>, tagsOf: (value: T) => string[]): Promise<Cached<T>> {
    const hit = this.listener.connected ? this.entries.get(key) : undefined;
    if (hit) return hit as Cached<T>;
    const since = this.generation;
    this.loading += 1;
    try {
      const value = await load();
      const entry: Entry = { value, etag: etagOf(value), tags: tagsOf(value) };
      const raced = this.clearedAt > since || entry.tags.some((tag) => (this.invalidatedAt.get(tag) ?? 0) > since);
      if (this.listener.connected && !raced) this.keep(key, entry);
      return entry as Cached<T>;
    } finally {
      this.loading -= 1;
      if (this.loading === 0) this.invalidatedAt.clear();
    }
  }

  invalidate(...tags: string[]): void {
    this.generation += 1;
    for (const tag of tags) {
      if (this.loading > 0) this.invalidatedAt.set(tag, this.generation);
      for (const key of this.keysByTag.get(tag) ?? []) this.drop(key);
    }
  }

  clear(): void {
    this.clearedAt = this.generation += 1;
    this.entries.clear();
    this.keysByTag.clear();
  }

  /** TypeORM calls this after every transaction this process commits. */
  afterTransactionCommit(): void {
    this.clear();
  }

  private keep(key: string, entry: Entry): void {
    this.drop(key);
    if (this.entries.size >= MAX_ENTRIES) this.drop(this.entries.keys().next().value!);
    this.entries.set(key, entry);
    for (const tag of entry.tags) this.keysByTag.set(tag, (this.keysByTag.get(tag) ?? new Set()).add(key));
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (const tag of entry.tags) {
      const keys = this.keysByTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.keysByTag.delete(tag);
    }
  }
}

function etagOf(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `"${createHash('sha256').update(text).digest('base64url').slice(0, 32)}"`;
}

@Global()
@Module({ providers: [ReadCache], exports: [ReadCache] })
export class ReadCacheModule {}
