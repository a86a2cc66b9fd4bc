import type { OutgoingWebmention } from '../entities/outgoing-webmention.entity';
import type { FailureReason, Webmention } from '../entities/webmention.entity';

/** Event names, dotted so wildcard listeners (`webmention.*`) work. Emitted after the database commit. */
export const WebmentionEvent = {
  /** A mention was accepted at the endpoint. Payload: {@link WebmentionReceivedEvent}. */
  Received: 'webmention.received',
  /** A mention was verified. Payload: {@link WebmentionVerifiedEvent}. */
  Verified: 'webmention.verified',
  /** Verification failed. Payload: {@link WebmentionFailedEvent}. */
  Failed: 'webmention.failed',
  /** A verified mention was removed at its source (410 Gone or link removed). Payload: {@link WebmentionDeletedEvent}. */
  Deleted: 'webmention.deleted',
  /** A mention was classified as spam. Payload: {@link WebmentionSpamEvent}. */
  Spam: 'webmention.spam',
  /** A Webmention was delivered to a target's endpoint. Payload: {@link WebmentionSentEvent}. */
  Sent: 'webmention.sent',
  /** Delivering a Webmention failed for good (after retries). Payload: {@link WebmentionSendFailedEvent}. */
  SendFailed: 'webmention.send_failed',
} as const;

/** One of the {@link WebmentionEvent} names. */
export type WebmentionEventName = (typeof WebmentionEvent)[keyof typeof WebmentionEvent];

/** Payload of `webmention.received`. */
export interface WebmentionReceivedEvent {
  webmention: Webmention;
  /** `true` when the pair was new. */
  created: boolean;
}

/** Payload of `webmention.verified`. */
export interface WebmentionVerifiedEvent {
  webmention: Webmention;
  /** `true` the first time this pair verifies. */
  created: boolean;
}

/** Payload of `webmention.failed`. */
export interface WebmentionFailedEvent {
  webmention: Webmention;
  reason: FailureReason;
}

/** Payload of `webmention.deleted`. */
export interface WebmentionDeletedEvent {
  webmention: Webmention;
  reason: FailureReason;
}

/** Payload of `webmention.spam`. */
export interface WebmentionSpamEvent {
  webmention: Webmention;
}

/** Payload of `webmention.sent`. */
export interface WebmentionSentEvent {
  outgoing: OutgoingWebmention;
}

/** Payload of `webmention.send_failed`. */
export interface WebmentionSendFailedEvent {
  outgoing: OutgoingWebmention;
  error: string;
}

/** Maps each event name to its payload type. */
export interface WebmentionEventPayloads {
  'webmention.received': WebmentionReceivedEvent;
  'webmention.verified': WebmentionVerifiedEvent;
  'webmention.failed': WebmentionFailedEvent;
  'webmention.deleted': WebmentionDeletedEvent;
  'webmention.spam': WebmentionSpamEvent;
  'webmention.sent': WebmentionSentEvent;
  'webmention.send_failed': WebmentionSendFailedEvent;
}
