/**
 * The CPU-heavy reading of an HTML source, run in a worker thread of {@link SourceParser}'s pool: whether it links
 * to the target (after the cost estimate), then, when it does, its microformats. Pure: a document in, plain data out.
 * The page is parsed once for both (the microformats parser's own parse of the string aside), and a page without the
 * link costs no microformats work at all.
 */
import { interpretMention, type MentionContent } from '../mf2';
import { readHtmlLinks, type MicroformatsLimits, type SourceLinkResult } from './source-links';

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
}

/** What the worker found. */
export interface ReadSourceResult {
  found: SourceLinkResult;
  /** The mention, when the source links to the target and `interpret` was asked; else null. */
  mention: MentionContent | null;
}

/** Reads one document (the worker's task function). */
export function readSource(task: ReadSourceTask): ReadSourceResult {
  const { found, document } = readHtmlLinks(
    { body: task.body, contentType: task.contentType, baseUrl: task.baseUrl },
    task.targetUrl,
    task.limits,
  );
  const mention =
    task.interpret && found.linked && document !== null
      ? interpretMention({
          html: task.body,
          document,
          baseUrl: task.baseUrl,
          sourceUrl: task.sourceUrl,
          targetUrl: task.targetUrl,
        })
      : null;
  return { found, mention };
}

export default readSource;
