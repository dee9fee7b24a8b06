/** @type {import('next').NextConfig} */
const nextConfig = {
  // These hold native handles or must be one shared instance with server.ts (see db/client.ts).
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'yjs', 'happy-dom'],
  poweredByHeader: false,
  reactStrictMode: true,
  // A plan upload may be up to 1 MB (lib/commands/import-plan.ts); leave room for the form around it.
  experimental: { serverActions: { bodySizeLimit: '2mb' } },
};

export default nextConfig;
