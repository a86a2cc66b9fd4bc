import { OutgoingSource } from './outgoing-source.entity';
import { OutgoingWebmention } from './outgoing-webmention.entity';
import { WebmentionMedia } from './webmention-media.entity';
import { Webmention } from './webmention.entity';

/** Entities to register in the host's `TypeOrmModule.forRoot({ entities })`. */
export const WEBMENTION_ENTITIES = [Webmention, OutgoingWebmention, WebmentionMedia, OutgoingSource];
