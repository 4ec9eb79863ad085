import { Foundation1763900000000 } from './1763900000000-Foundation.js';
import { MailOutbox1763900002000 } from './1763900002000-MailOutbox.js';

/** Every migration in order; listed explicitly so ESM builds and tests load the same set. */
export const migrations = [Foundation1763900000000, MailOutbox1763900002000];
