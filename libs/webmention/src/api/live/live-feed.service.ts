import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { LiveBus, LiveMessage } from '../../events/live-bus';
import type { ResolvedWebmentionExtras } from '../../resolve-options';
import { WebmentionStore } from '../../storage/webmention.store';
import { matchKey } from '../../url/url-match';
import { WEBMENTION_EXTRAS } from '../../webmention.constants';
import { toJf2Entry } from '../jf2';
import { SSE_HEARTBEAT, sseEvent } from './sse';

/** One open live connection. */
export interface LiveClient {
  /** Matching keys of the targets it follows. */
  keys: Set<string>;
  address: string;
  write(text: string): void;
  end(): void;
}

/** Why a connection is not taken: too many from this address, or too many in all. */
export type LiveRefusal = 'too_many_from_address' | 'too_many_clients';

/** Mentions sent to a reconnecting client at most, oldest first. */
const BACKLOG_LIMIT = 100;

/**
 * The live connections of this process: fed by the {@link LiveBus}, each change is read once and written to every
 * connection that follows its target, as a jf2 entry (`mention`) or the id of a mention to take away (`remove`).
 */
@Injectable()
export class LiveFeed implements OnModuleInit, OnModuleDestroy {
  private readonly clients = new Set<LiveClient>();
  private readonly perAddress = new Map<string, number>();
  private unsubscribe: (() => void) | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly bus: LiveBus,
    private readonly store: WebmentionStore,
    @Inject(WEBMENTION_EXTRAS) private readonly extras: ResolvedWebmentionExtras,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe((message) => void this.deliver(message));
    this.heartbeat = setInterval(() => this.each(() => true, SSE_HEARTBEAT), this.extras.live.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Ends every connection, so the server can close. */
  onModuleDestroy(): void {
    this.unsubscribe?.();
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const client of [...this.clients]) client.end();
    this.clients.clear();
    this.perAddress.clear();
  }

  /** Connections open now. */
  get size(): number {
    return this.clients.size;
  }

  /** Why a new connection from `address` is refused, or null when it is taken. */
  refusal(address: string): LiveRefusal | null {
    const { maxClients, maxClientsPerAddress } = this.extras.live;
    if ((this.perAddress.get(address) ?? 0) >= maxClientsPerAddress) return 'too_many_from_address';
    if (this.clients.size >= maxClients) return 'too_many_clients';
    return null;
  }

  /** Starts sending to a connection; returns the way to stop (on close). */
  add(client: LiveClient): () => void {
    this.clients.add(client);
    this.perAddress.set(client.address, (this.perAddress.get(client.address) ?? 0) + 1);
    return () => {
      if (!this.clients.delete(client)) return;
      const left = (this.perAddress.get(client.address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(client.address, left);
      else this.perAddress.delete(client.address);
    };
  }

  /** The `mention` events a client reconnecting after `afterId` missed, oldest first. */
  async backlog(targets: readonly string[], afterId: number): Promise<string[]> {
    const page = await this.store.list(
      { targets, status: ['verified'], moderation: ['approved'] },
      { limit: BACKLOG_LIMIT },
    );
    return page.items
      .filter((w) => w.id > afterId)
      .reverse()
      .map((w) => sseEvent({ event: 'mention', id: w.id, data: toJf2Entry(w) }));
  }

  private async deliver(message: LiveMessage): Promise<void> {
    const key = matchKey(message.target);
    if (key === null) return;
    const follows = (client: LiveClient) => client.keys.has(key);
    if (![...this.clients].some(follows)) return;
    if (message.kind === 'remove')
      return this.each(follows, sseEvent({ event: 'remove', data: { 'wm-id': message.id } }));
    // NOTE: read once per change, not per connection, and checked again: the row may have changed since.
    const w = await this.store.findById(message.id);
    if (!w || w.status !== 'verified' || w.moderation !== 'approved') return;
    this.each(follows, sseEvent({ event: 'mention', id: w.id, data: toJf2Entry(w) }));
  }

  private each(which: (client: LiveClient) => boolean, text: string): void {
    for (const client of this.clients) if (which(client)) client.write(text);
  }
}
