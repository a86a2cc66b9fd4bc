import { CreateWebmentions1763700000000 } from './1763700000000-create-webmentions';
import { CreateOutgoingWebmentions1763700200000 } from './1763700200000-create-outgoing-webmentions';
import { AddSourceHost1763700300000 } from './1763700300000-add-source-host';
import { CreateWebmentionMedia1763700400000 } from './1763700400000-create-webmention-media';
import { AddEntryMediaAndAuthorship1763700500000 } from './1763700500000-add-entry-media-and-authorship';
import { CreateOutgoingSources1763700600000 } from './1763700600000-create-outgoing-sources';
import { AddVerificationAttempts1763700700000 } from './1763700700000-add-verification-attempts';

/**
 * The library's migrations, in order. Add them to the host's TypeORM `migrations` (and run them with
 * `migrationsRun: true` or the TypeORM CLI).
 */
export const WEBMENTION_MIGRATIONS = [
  CreateWebmentions1763700000000,
  CreateOutgoingWebmentions1763700200000,
  AddSourceHost1763700300000,
  CreateWebmentionMedia1763700400000,
  AddEntryMediaAndAuthorship1763700500000,
  CreateOutgoingSources1763700600000,
  AddVerificationAttempts1763700700000,
];
