import type { OutgoingWebmention } from '../entities/outgoing-webmention.entity';
import type { FailureReason, ModerationStatus, Webmention } from '../entities/webmention.entity';

/** Event names, dotted so wildcard listeners (`webmention.*`) work. Emitted after the database commit. */
export const WebmentionEvent = {
  /** A mention was accepted at the endpoint. Payload: {@link WebmentionReceivedEvent}. */
  Received: 'webmention.received',
  /** A mention was verified. Payload: {@link WebmentionVerifiedEvent}. */
  Verified: 'webmention.verified',
  /** Verification failed. Payload: {@link WebmentionFailedEvent}. */
  Failed: 'webmention.failed',
  /** A verified mention was removed at its source (410, link removed), or by a moderator. Payload: {@link WebmentionDeletedEvent}. */
  Deleted: 'webmention.deleted',
  /** A mention was classified as spam (by the checker or a moderator). Payload: {@link WebmentionSpamEvent}. */
  Spam: 'webmention.spam',
  /** A moderator approved a mention, or marked it not spam. Payload: {@link WebmentionModeratedEvent}. */
  Approved: 'webmention.approved',
  /** A moderator rejected a mention. Payload: {@link WebmentionModeratedEvent}. */
  Rejected: 'webmention.rejected',
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

/** Payload of `webmention.deleted`: the row as it was, and `'moderator'` when a moderator deleted it. */
export interface WebmentionDeletedEvent {
  webmention: Webmention;
  reason: FailureReason | 'moderator';
}

/** Payload of `webmention.approved` and `webmention.rejected`. */
export interface WebmentionModeratedEvent {
  webmention: Webmention;
  /** The moderation state before the change. */
  previous: ModerationStatus;
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
  'webmention.approved': WebmentionModeratedEvent;
  'webmention.rejected': WebmentionModeratedEvent;
  'webmention.sent': WebmentionSentEvent;
  'webmention.send_failed': WebmentionSendFailedEvent;
}
