// The npm registry reachable here has no darwin/win32 builds of Next's compiler (@next/swc-*), so
// `npm install` leaves them out of package-lock.json and `npm ci` then calls the lock out of sync.
// This adds their lock entries back (optional, with their os/cpu), which npm ci skips on Linux.
// Run after any `npm install` that rewrites the lock: `node scripts/lockfile-platform-stubs.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const next = lock.packages['node_modules/next'];
const platforms = {
  'darwin-arm64': { os: ['darwin'], cpu: ['arm64'] },
  'darwin-x64': { os: ['darwin'], cpu: ['x64'] },
  'win32-arm64-msvc': { os: ['win32'], cpu: ['arm64'] },
  'win32-x64-msvc': { os: ['win32'], cpu: ['x64'] },
};
let added = 0;
for (const [suffix, { os, cpu }] of Object.entries(platforms)) {
  const name = `@next/swc-${suffix}`;
  const key = `node_modules/${name}`;
  const version = next?.optionalDependencies?.[name];
  if (!version || lock.packages[key]) continue;
  lock.packages[key] = { version, cpu, license: 'MIT', optional: true, os, engines: { node: '>= 10' } };
  added++;
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} platform stub(s) added`);
