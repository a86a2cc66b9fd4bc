import { get, IncomingHttpHeaders, IncomingMessage, ClientRequest } from 'node:http';

/** One event as a browser's EventSource would hand it over. */
export interface ReceivedEvent {
  event: string;
  data: string;
  id?: string;
}

/** A plain Server-Sent Events reader over node:http, recording events, comments and the end of the stream. */
export class SseClient {
  readonly events: ReceivedEvent[] = [];
  readonly comments: string[] = [];
  status = 0;
  headers: IncomingHttpHeaders = {};
  body = '';
  ended: Promise<void>;
  private request?: ClientRequest;
  private buffer = '';
  private markEnded!: () => void;

  private constructor() {
    this.ended = new Promise((resolve) => (this.markEnded = resolve));
  }

  /** Opens `url` and resolves once the response's headers arrive. */
  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    return new Promise((resolve, reject) => {
      client.request = get(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res: IncomingMessage) => {
        client.status = res.statusCode ?? 0;
        client.headers = res.headers;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => client.take(chunk));
        res.on('end', () => client.markEnded());
        res.on('close', () => client.markEnded());
        resolve(client);
      });
      client.request.on('error', (error) => {
        client.markEnded();
        reject(error);
      });
    });
  }

  /** Waits until an event satisfies `probe`, and returns it. */
  async waitFor(probe: (e: ReceivedEvent) => boolean, timeoutMs = 10_000): Promise<ReceivedEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(probe);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no such event within ${timeoutMs} ms; got ${JSON.stringify(this.events)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.request?.destroy();
  }

  private take(chunk: string): void {
    this.body += chunk;
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event: ReceivedEvent = { event: 'message', data: '' };
      let isEvent = false;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
        const match = /^(event|data|id): ?(.*)$/.exec(line);
        if (!match) continue;
        isEvent = true;
        if (match[1] === 'data') event.data = event.data ? `${event.data}\n${match[2]}` : match[2];
        else event[match[1] as 'event' | 'id'] = match[2];
      }
      if (isEvent) this.events.push(event);
    }
  }
}
