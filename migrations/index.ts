import { Foundation1763900000000 } from './1763900000000-Foundation.js';

/** Every migration in order; listed explicitly so ESM builds and tests load the same set. */
export const migrations = [Foundation1763900000000];
