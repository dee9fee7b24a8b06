// npm run import -- <file> --partnership <id, slug or name>
// Reads a Collaboration Action Plan document into a new draft plan of the partnership.
import nextEnv from '@next/env';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { importPlan } from '../lib/commands/import-plan';
import { AppError } from '../lib/errors';
import { findPartnershipForOperator } from '../lib/queries/partnerships';

nextEnv.loadEnvConfig(process.cwd());

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { partnership: { type: 'string', short: 'p' } },
});
const [file] = positionals;
if (!file || !values.partnership) {
  console.error('Usage: npm run import -- <file> --partnership <id, slug or name>');
  process.exit(2);
}

const database = getDatabase();
try {
  await migrateDatabase(database);
  const partnership = await findPartnershipForOperator(database.db, values.partnership);
  if (!partnership) throw new AppError('not_found', `No partnership matches "${values.partnership}".`);
  const text = readFileSync(file, 'utf8');
  const { planId, plan } = await importPlan(database.db, {
    actor: null,
    partnershipId: partnership.id,
    text,
    fileName: path.basename(file),
  });
  const actions = plan.strands.reduce((n, s) => n + s.actions.length, 0);
  console.log(
    `Imported "${plan.title} ${plan.yearLabel}" into ${partnership.name}: ${plan.objectives.length} objectives, ` +
      `${plan.strands.length} strands, ${actions} actions, ${plan.reviews.length} reviews.\nPlan id: ${planId}`,
  );
  process.exitCode = 0;
} catch (error) {
  console.error(error instanceof AppError || error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
