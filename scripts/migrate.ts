// Applies pending migrations to the configured database (DATABASE_URL, or PGlite under PGLITE_DIR / data/pglite).
import nextEnv from '@next/env';
import { getDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';

nextEnv.loadEnvConfig(process.cwd());
const database = getDatabase();
await migrateDatabase(database);
await database.close();
console.log('Migrations applied.');
