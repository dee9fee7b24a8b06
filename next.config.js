/** @type {import('next').NextConfig} */
const nextConfig = {
  // These hold native handles or must be one shared instance with server.ts (see db/client.ts).
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'yjs', 'happy-dom'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
