import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import { ModerationStatus, Webmention, WebmentionStatus } from '../entities/webmention.entity';
import { hostOf } from '../url/host';
import { pairHashOf, targetMatchHashOf } from './webmention-keys';

/** The fields of an imported mention, as stored. */
export type ImportedFields = Pick<
  Webmention,
  | 'sourceUrl'
  | 'targetUrl'
  | 'mentionType'
  | 'rsvp'
  | 'authorName'
  | 'authorUrl'
  | 'authorPhoto'
  | 'title'
  | 'content'
  | 'contentHtml'
  | 'url'
  | 'published'
  | 'photos'
  | 'videos'
  | 'audios'
  | 'entry'
>;

/** Writes mentions brought from elsewhere (a jf2 export); one row per pair, never over an existing one. */
@Injectable()
export class WebmentionImportStore {
  constructor(@InjectRepository(Webmention) private readonly repository: Repository<Webmention>) {}

  /** True when the pair already has a row. */
  async exists(sourceUrl: string, targetUrl: string): Promise<boolean> {
    return (await this.repository.countBy({ pairHash: pairHashOf(sourceUrl, targetUrl) })) > 0;
  }

  /**
   * Inserts an imported mention received at `receivedAt`, unless its pair is stored already (then nothing changes).
   * Resolves the row and whether this call created it.
   */
  async insert(
    fields: ImportedFields,
    state: { status: WebmentionStatus; moderation: ModerationStatus; receivedAt: Date },
  ): Promise<{ webmention: Webmention; created: boolean }> {
    const pairHash = pairHashOf(fields.sourceUrl, fields.targetUrl);
    const statusToken = randomBytes(24).toString('base64url');
    const verified = state.status === 'verified' ? state.receivedAt : null;
    // NOTE: insert-or-ignore then read back by the unique key, as the endpoint does: a pair stored already (received
    // here, or imported before) is left as it is, so importing twice adds nothing.
    await this.repository
      .createQueryBuilder()
      .insert()
      .into(Webmention)
      .values({
        ...fields,
        pairHash,
        targetMatchHash: targetMatchHashOf(fields.targetUrl),
        sourceHost: hostOf(fields.sourceUrl),
        status: state.status,
        moderation: state.moderation,
        verifiedAt: verified,
        firstVerifiedAt: verified,
        statusToken,
        createdAt: state.receivedAt,
        updatedAt: state.receivedAt,
      } as never)
      .orIgnore()
      // NOTE: an ignored insert has no id to read back into the values; the row is read by its key below.
      .updateEntity(false)
      .execute();
    const webmention = await this.repository.findOneByOrFail({ pairHash });
    return { webmention, created: webmention.statusToken === statusToken };
  }
}
