/**
 * The CPU-heavy reading of an HTML source, run in a worker thread of {@link SourceParser}'s pool: whether it links
 * to the target (after the cost estimate), then, when it does, its microformats. Pure: a document in, plain data out.
 */
import { parentPort } from 'node:worker_threads';
import { interpretMention, type MentionContent } from '../mf2';
import { findTargetLinks, type MicroformatsLimits, type SourceLinkResult } from './source-links';

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
  const found = findTargetLinks(
    { body: task.body, contentType: task.contentType, baseUrl: task.baseUrl },
    task.targetUrl,
    task.limits,
  );
  const mention =
    task.interpret && found.linked && found.kind === 'html'
      ? interpretMention({
          html: task.body,
          baseUrl: task.baseUrl,
          sourceUrl: task.sourceUrl,
          targetUrl: task.targetUrl,
        })
      : null;
  return { found, mention };
}

/** The worker's task function: says it started, then reads. */
export default function readInWorker(task: ReadSourceTask): ReadSourceResult {
  if (task.taskId !== undefined) parentPort?.postMessage({ [PARSE_STARTED]: task.taskId });
  return readSource(task);
}
