import { CreateBlog1763700100000 } from './1763700100000-create-blog';

/** The example app's own migrations. */
export const APP_MIGRATIONS = [CreateBlog1763700100000];
