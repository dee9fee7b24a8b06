// npm run audit:verify [-- --partnership <id|slug|name>]
// Walks the audit chain of every partnership (or of one) and reports the first broken link of
// each. Exit code 0 when every chain is intact, 1 when one is broken, 2 on a usage error.
import nextEnv from '@next/env';
import { asc } from 'drizzle-orm';
import { parseArgs } from 'node:util';
import { getDatabase } from '../db/client';
import { type Partnership, partnerships } from '../db/schema';
import { verifyChain } from '../lib/audit/verify';
import { createVerifyPool } from '../lib/audit/verify-pool';
import { findPartnershipForOperator } from '../lib/queries/partnerships';

nextEnv.loadEnvConfig(process.cwd());

let values: { partnership?: string };
try {
  ({ values } = parseArgs({ options: { partnership: { type: 'string' } } }));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  console.error('Usage: npm run audit:verify [-- --partnership <id|slug>]');
  process.exit(2);
}

const database = getDatabase();
// Events are re-hashed in worker threads while this thread reads the next pages.
const pool = createVerifyPool();
try {
  let targets: Partnership[];
  if (values.partnership) {
    const found = await findPartnershipForOperator(database.db, values.partnership);
    if (!found) {
      console.error(`No partnership matches "${values.partnership}".`);
      process.exitCode = 2;
    }
    targets = found ? [found] : [];
  } else {
    targets = await database.db.select().from(partnerships).orderBy(asc(partnerships.name));
  }
  for (const p of targets) {
    const started = Date.now();
    const result = await verifyChain(database.db, p.id, { checker: pool });
    const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
    if (result.ok) {
      console.log(`ok      ${p.name} (${p.slug}): ${result.checked} events, chain intact (${took})`);
    } else {
      const { seq, eventId, reason } = result.brokenAt;
      console.log(`BROKEN  ${p.name} (${p.slug}): first broken link at seq ${seq} (event ${eventId}): ${reason}; ${result.checked} events intact before it (${took})`);
      process.exitCode = 1;
    }
  }
  if (!values.partnership && !targets.length) console.log('No partnerships: nothing to verify.');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
} finally {
  await pool.close();
  await database.close();
}
