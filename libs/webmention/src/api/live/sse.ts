/** Server-Sent Events written by hand on a raw Node response (the format is a few lines of text per event). */

/** One event: its `event` name, `data` (JSON-encoded) and an optional `id` for `Last-Event-ID` resume. */
export interface SseEvent {
  event: string;
  data: unknown;
  id?: number | string;
}

/** The text of one event. NOTE: JSON has no raw newlines, so `data` always fits on one line. */
export function sseEvent(event: SseEvent): string {
  const id = event.id === undefined ? '' : `id: ${String(event.id).replace(/[\r\n]/g, '')}\n`;
  return `${id}event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/** A comment line: ignored by clients, keeps the connection from idling out in proxies. */
export const SSE_HEARTBEAT = ': heartbeat\n\n';

/** The id a reconnecting client last saw (`Last-Event-ID` header, or `lastEventId` in the query), or null. */
export function lastEventId(header: string | undefined, query: unknown): number | null {
  const raw = header ?? (typeof query === 'string' ? query : undefined);
  if (raw === undefined || !/^\d{1,15}$/.test(raw.trim())) return null;
  return Number(raw.trim());
}
