/**
 * The CPU-heavy reading of an HTML source, run in a worker thread of {@link SourceParser}'s pool: whether it links
 * to the target (after the cost estimate), then, when it does, its microformats. Pure: a document in, plain data out.
 * The page is parsed once for both (the microformats parser's own parse of the string aside), and a page without the
 * link costs no microformats work at all.
 */
import { getPriority, setPriority } from 'node:os';
import { isMainThread, parentPort } from 'node:worker_threads';
import { interpretMention, readParsedPage, type InterpretContext, type MentionContent } from '../mf2';
import { readHtmlLinks, type MicroformatsLimits, type SourceLinkResult } from './source-links';

// NOTE: on Linux a thread has its own nice value, and setPriority(0, …) sets the calling thread's: a parser thread
// yields the CPU to the event loop of its process, so reading a hostile page slows the pages being served as little
// as the machine allows. It is ten steps below the thread that started it (a new thread inherits that one's value),
// so a process already started with `nice` keeps its threads below itself too, never above. Where that is refused
// the thread keeps the process's priority.
if (!isMainThread) {
  try {
    setPriority(0, Math.min(19, getPriority(0) + 10));
  } catch {
    // NOTE: not permitted here; parsing still runs off the event loop.
  }
}

/** One document to read. */
export interface ReadSourceTask {
  body: string;
  contentType: string;
  /** The URL the body came from (after redirects), for relative links. */
  baseUrl: string;
  sourceUrl: string;
  targetUrl: string;
  limits: MicroformatsLimits;
  /** Also interpret the microformats when the source links to the target. */
  interpret: boolean;
  /** Set by the pool: the worker says when it starts this task, so the time limit counts from then. */
  taskId?: number;
}

/** The message a worker posts as it starts a task: `{ [PARSE_STARTED]: taskId }`. */
export const PARSE_STARTED = 'webmentionParseStarted';

/** What the worker found. */
export interface ReadSourceResult {
  found: SourceLinkResult;
  /** The mention, when the source links to the target and `interpret` was asked; else null. */
  mention: MentionContent | null;
}

/** Reads one document (the worker's task function). */
export function readSource(task: ReadSourceTask): ReadSourceResult {
  const links = readHtmlLinks(
    { body: task.body, contentType: task.contentType, baseUrl: task.baseUrl },
    task.targetUrl,
    task.limits,
  );
  const { found } = links;
  if (!task.interpret || !found.linked || links.document === null) return { found, mention: null };
  const ctx: InterpretContext = { baseUrl: task.baseUrl, sourceUrl: task.sourceUrl, targetUrl: task.targetUrl };
  const page = readParsedPage(links.document, task.body, ctx);
  // NOTE: the tree is let go before the microformats parser builds its own: kept alive through that, it costs more
  // in garbage collection (a 50 KB page's tree promoted to the old generation) than reading it again would.
  links.document = null;
  return { found, mention: interpretMention({ html: task.body, page, ...ctx }) };
}

/** The worker's task function: says it started, then reads. */
export default function readInWorker(task: ReadSourceTask): ReadSourceResult {
  if (task.taskId !== undefined) parentPort?.postMessage({ [PARSE_STARTED]: task.taskId });
  return readSource(task);
}
