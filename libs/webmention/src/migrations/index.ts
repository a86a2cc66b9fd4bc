import { CreateWebmentions1763700000000 } from './1763700000000-create-webmentions';
import { CreateOutgoingWebmentions1763700200000 } from './1763700200000-create-outgoing-webmentions';
import { AddSourceHost1763700300000 } from './1763700300000-add-source-host';

/**
 * The library's migrations, in order. Add them to the host's TypeORM `migrations` (and run them with
 * `migrationsRun: true` or the TypeORM CLI).
 */
export const WEBMENTION_MIGRATIONS = [
  CreateWebmentions1763700000000,
  CreateOutgoingWebmentions1763700200000,
  AddSourceHost1763700300000,
];
