import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import Google from 'next-auth/providers/google';
import MicrosoftEntraID from 'next-auth/providers/microsoft-entra-id';
import type { Provider } from 'next-auth/providers';
import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { authenticateWithPassword } from './authenticate';
import { clientIp } from './request-info';
import { ssoConfig, verifiedSsoEmail } from './sso';

export { ssoProviders } from './sso';

declare module 'next-auth' {
  interface User {
    sessionVersion?: number;
  }
  interface Session {
    uid: string;
    sv: number;
    /** When this person last proved who they are (ms since epoch): signing with SSO needs it recent. */
    at: number;
    /** When the session cookie this was read from stops being accepted (ms since epoch). */
    until: number;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string;
    sv?: number;
    at?: number;
  }
}

class WrongPassword extends CredentialsSignin {
  code = 'invalid';
}
class TooManyAttempts extends CredentialsSignin {
  code = 'rate_limited';
}

function providers(): Provider[] {
  const list: Provider[] = [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, request) {
        const result = await authenticateWithPassword(getDb(), {
          email: credentials.email,
          password: credentials.password,
          ip: clientIp(request.headers),
        });
        if (!result.ok) throw result.reason === 'rate_limited' ? new TooManyAttempts() : new WrongPassword();
        const { id, email, name, sessionVersion } = result.user;
        return { id, email, name, sessionVersion };
      },
    }),
  ];
  // Schools run on Microsoft 365 or Google Workspace: each provider is on when its variables are set.
  const sso = ssoConfig();
  if (sso.entra) list.push(MicrosoftEntraID({ issuer: sso.entra.issuer }));
  if (sso.google) list.push(Google);
  return list;
}

async function findInvitedAccount(email: string | null | undefined) {
  if (!email) return undefined;
  const [user] = await getDb()
    .select({ id: users.id, sessionVersion: users.sessionVersion })
    .from(users)
    .where(and(eq(users.email, email.trim().toLowerCase()), isNull(users.disabledAt)))
    .limit(1);
  return user;
}

const config: NextAuthConfig = {
  providers: providers(),
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  pages: { signIn: '/sign-in', error: '/sign-in' },
  trustHost: true,
  logger: {
    // A wrong password is an ordinary event, not a server error worth a stack trace.
    error(error) {
      if (error instanceof CredentialsSignin) return;
      console.error('[auth]', error);
    },
  },
  callbacks: {
    async signIn({ account, profile }) {
      if (!account || account.type === 'credentials') return true;
      // SSO: only people already invited, matched by an email the provider has verified.
      const user = await findInvitedAccount(verifiedSsoEmail(account.provider, profile ?? undefined));
      return user ? true : '/sign-in?error=NoAccount';
    },
    async jwt({ token, user, account, profile }) {
      if (account?.type === 'credentials' && user?.id) {
        token.uid = user.id;
        token.sv = user.sessionVersion ?? 0;
        token.at = Date.now();
      } else if (account) {
        const invited = await findInvitedAccount(verifiedSsoEmail(account.provider, profile ?? undefined));
        if (invited) {
          token.uid = invited.id;
          token.sv = invited.sessionVersion;
          token.at = Date.now();
        }
      }
      return token;
    },
    session({ session, token }) {
      session.uid = token.uid ?? '';
      session.sv = token.sv ?? -1;
      session.at = token.at ?? 0;
      session.until = (token.exp ?? 0) * 1000;
      return session;
    },
  },
};

export const { handlers, auth, signIn, signOut } = NextAuth(config);
