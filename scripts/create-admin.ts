// npm run create-admin -- --partnership "Name" --email you@school.sch.uk --name "Your Name"
// Creates the first partnership admin of a real deployment. The password is read from
// JOINTPLAN_ADMIN_PASSWORD, or asked for on the terminal.
import nextEnv from '@next/env';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { getDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { createPartnershipAdmin } from '../lib/commands/create-partnership-admin';

nextEnv.loadEnvConfig(process.cwd());

const { values } = parseArgs({
  options: { partnership: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' } },
});
if (!values.partnership || !values.email || !values.name) {
  console.error('Usage: npm run create-admin -- --partnership "Partnership name" --email you@school.sch.uk --name "Your Name"');
  process.exit(2);
}
let password = process.env.JOINTPLAN_ADMIN_PASSWORD ?? '';
if (!password) {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  password = await rl.question('Password (12 characters or more): ');
  rl.close();
}

const database = getDatabase();
try {
  await migrateDatabase(database);
  const { partnershipId } = await createPartnershipAdmin(database.db, {
    partnershipName: values.partnership,
    email: values.email,
    name: values.name,
    password,
  });
  console.log(`Created ${values.email} as partnership admin of "${values.partnership}" (${partnershipId}).`);
} catch (error) {
  console.error(error instanceof ZodError ? error.issues.map((i) => i.message).join('\n') : error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
