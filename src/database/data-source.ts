import { fileURLToPath } from 'node:url';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';

/** The built entities of every feature, found by name so that database/ imports none. */
const ENTITIES = fileURLToPath(new URL('../**/*.entity.js', import.meta.url));

/** For the TypeORM CLI (`npm run migration:generate`), which needs DATABASE_URL. */
const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to generate a migration against a database that has every migration applied.');

export default new DataSource({ ...dataSourceOptions(url), entities: [ENTITIES] });
