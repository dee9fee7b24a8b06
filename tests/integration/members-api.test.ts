import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { setDatabase } from '@/db/client';
import { invitations, users } from '@/db/schema';
import { type Actor, loadActor } from '@/lib/auth/actor';
import { createPartnership, createUser } from '../factories';
import { useTestDatabase } from '../helpers/test-db';
import { session } from '../helpers/session';

// The route handlers run as whoever `session.actor` is: sessions are next-auth's, tested end to end in e2e.
vi.mock('@/lib/auth/session', () => import('../helpers/session').then((m) => m.mockedSession));

const members = await import('@/app/api/v1/partnerships/[id]/members/route');
const member = await import('@/app/api/v1/partnerships/[id]/members/[userId]/route');
const memberRoles = await import('@/app/api/v1/partnerships/[id]/members/[userId]/roles/route');
const partnershipInvitations = await import('@/app/api/v1/partnerships/[id]/invitations/route');
const invitation = await import('@/app/api/v1/invitations/[id]/route');
const invitationLink = await import('@/app/api/v1/invitations/[id]/link/route');

const testDb = useTestDatabase();
beforeAll(() => {
  setDatabase(testDb());
});

const BASE = 'http://localhost:3100';
const ctx = <P extends { [key: string]: string }>(p: P) => ({ params: Promise.resolve(p) });
const json = (method: string, path: string, body: unknown) =>
  new Request(`${BASE}${path}`, { method, headers: { 'content-type': 'application/json', host: 'localhost:3100' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const bare = (method: string, path: string) => new Request(`${BASE}${path}`, { method, headers: { host: 'localhost:3100' } });

/** A response body, unknown until a schema or matcher says what it is. */
async function bodyOf(response: Response): Promise<unknown> {
  return response.json();
}
const issuedBody = z.object({ invitation: z.object({ id: z.string(), link: z.string(), expiresAt: z.string() }).passthrough() });
const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.object({ fields: z.record(z.string(), z.string()) }).optional() }) });

async function setup() {
  const { db } = testDb();
  const { partnership, schools } = await createPartnership(db, { schools: [{ shortCode: 'BR' }] });
  const { partnership: other } = await createPartnership(db);
  const { actor: admin } = await createUser(db, [{ partnershipId: partnership.id, role: 'partnership_admin' }]);
  const { actor: viewer } = await createUser(db, [{ partnershipId: partnership.id, role: 'viewer' }]);
  const { actor: outsider } = await createUser(db, [{ partnershipId: other.id, role: 'partnership_admin' }]);
  return { db, partnership, school: schools[0], admin, viewer, outsider };
}

async function reload(userId: string): Promise<Actor | null> {
  const { db } = testDb();
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  return loadActor(db, user.id, user.sessionVersion);
}

describe('the members API', () => {
  it('answers 401 without a session', async () => {
    session.actor = null;
    const { partnership } = await setup();
    const response = await members.GET(bare('GET', `/api/v1/partnerships/${partnership.id}/members`), ctx({ id: partnership.id }));
    expect(response.status).toBe(401);
  });

  it('GET members: any member, people with roles and schools only; 404 outside the partnership', async () => {
    const { partnership, viewer, outsider } = await setup();
    session.actor = viewer;
    const response = await members.GET(bare('GET', '/'), ctx({ id: partnership.id }));
    expect(response.status).toBe(200);
    const body = await bodyOf(response);
    expect(body).toEqual({
      members: expect.arrayContaining([
        { id: viewer.id, name: viewer.name, email: viewer.email, roles: [{ role: 'viewer', schoolId: null, schoolName: null, schoolCode: null, subject: null }] },
      ]),
    });
    expect(JSON.stringify(body)).not.toMatch(/password|scrypt|sessionVersion|createdAt/i);
    session.actor = outsider;
    expect((await members.GET(bare('GET', '/'), ctx({ id: partnership.id }))).status).toBe(404);
    expect((await members.GET(bare('GET', '/'), ctx({ id: 'nope' }))).status).toBe(404);
  });

  it('POST invitations: 201 with the link; 400 naming each bad field; 403 for a non-admin; 404 outside; 409 twice; 413 too large', async () => {
    const { db, partnership, school, admin, viewer, outsider } = await setup();
    const path = `/api/v1/partnerships/${partnership.id}/invitations`;
    const input = { email: 'New.Person@School.example', name: 'New Person', roles: [{ role: 'staff', schoolId: school.id }] };
    session.actor = admin;
    const created = await partnershipInvitations.POST(json('POST', path, input), ctx({ id: partnership.id }));
    expect(created.status).toBe(201);
    const createdBody = await bodyOf(created);
    const { invitation: issued } = issuedBody.parse(createdBody);
    expect(issued).toMatchObject({ id: expect.any(String), email: 'new.person@school.example', expiresAt: expect.any(String), emailed: false });
    expect(issued.link).toMatch(/^http:\/\/localhost:3100\/invitations\/[A-Za-z0-9_-]{43}$/);
    expect(Object.keys(issued)).not.toContain('tokenHash');

    const again = await partnershipInvitations.POST(json('POST', path, input), ctx({ id: partnership.id }));
    expect(again.status).toBe(409);
    expect(errorBody.parse(await bodyOf(again)).error.message).toContain('already has an invitation waiting');

    const bad = await partnershipInvitations.POST(json('POST', path, { email: 'x', roles: [{ role: 'head_teacher' }], isAdmin: true }), ctx({ id: partnership.id }));
    expect(bad.status).toBe(400);
    expect(await bodyOf(bad)).toMatchObject({ error: {
      code: 'validation_failed',
      details: { fields: { email: expect.any(String), name: expect.any(String), 'roles.0.schoolId': expect.any(String), isAdmin: 'Unknown field: isAdmin.' } },
    } });
    expect((await partnershipInvitations.POST(json('POST', path, '{"email":'), ctx({ id: partnership.id }))).status).toBe(400);
    const huge = { ...input, email: 'big@school.example', name: 'x'.repeat(20_000) };
    expect((await partnershipInvitations.POST(json('POST', path, huge), ctx({ id: partnership.id }))).status).toBe(413);

    session.actor = viewer;
    expect((await partnershipInvitations.POST(json('POST', path, { ...input, email: 'v@school.example' }), ctx({ id: partnership.id }))).status).toBe(403);
    expect((await partnershipInvitations.GET(bare('GET', path), ctx({ id: partnership.id }))).status).toBe(403);
    session.actor = outsider;
    expect((await partnershipInvitations.POST(json('POST', path, { ...input, email: 'o@school.example' }), ctx({ id: partnership.id }))).status).toBe(404);
    expect((await partnershipInvitations.GET(bare('GET', path), ctx({ id: partnership.id }))).status).toBe(404);
    expect(await db.select().from(invitations).where(eq(invitations.partnershipId, partnership.id))).toHaveLength(1);

    session.actor = admin;
    const listed = await partnershipInvitations.GET(bare('GET', path), ctx({ id: partnership.id }));
    expect(await bodyOf(listed)).toEqual({
      invitations: [
        {
          id: issued.id,
          email: 'new.person@school.example',
          name: 'New Person',
          roles: [{ role: 'staff', schoolId: school.id, schoolName: school.name, schoolCode: 'BR', subject: null }],
          invitedBy: admin.name,
          createdAt: expect.any(String),
          expiresAt: issued.expiresAt,
        },
      ],
    });

    const renewed = await invitationLink.POST(bare('POST', `/api/v1/invitations/${issued.id}/link`), ctx({ id: issued.id }));
    expect(renewed.status).toBe(200);
    expect(issuedBody.parse(await bodyOf(renewed)).invitation.link).not.toBe(issued.link);

    session.actor = viewer;
    expect((await invitation.DELETE(bare('DELETE', '/'), ctx({ id: issued.id }))).status).toBe(403);
    session.actor = outsider;
    expect((await invitation.DELETE(bare('DELETE', '/'), ctx({ id: issued.id }))).status).toBe(404);
    session.actor = admin;
    expect((await invitation.DELETE(bare('DELETE', '/'), ctx({ id: issued.id }))).status).toBe(204);
    expect((await invitation.DELETE(bare('DELETE', '/'), ctx({ id: issued.id }))).status).toBe(409);
    expect(await bodyOf(await partnershipInvitations.GET(bare('GET', path), ctx({ id: partnership.id })))).toEqual({ invitations: [] });
  });

  it('PUT roles and DELETE member: admins only; the last admin is protected; a removed person gets 404 next time', async () => {
    const { partnership, school, admin, viewer, outsider } = await setup();
    const rolesPath = (userId: string) => `/api/v1/partnerships/${partnership.id}/members/${userId}/roles`;
    session.actor = viewer;
    const forbidden = await memberRoles.PUT(json('PUT', rolesPath(viewer.id), { roles: [{ role: 'partnership_admin' }] }), ctx({ id: partnership.id, userId: viewer.id }));
    expect(forbidden.status).toBe(403);
    session.actor = outsider;
    expect((await memberRoles.PUT(json('PUT', rolesPath(viewer.id), { roles: [{ role: 'viewer' }] }), ctx({ id: partnership.id, userId: viewer.id }))).status).toBe(404);
    expect((await member.DELETE(bare('DELETE', '/'), ctx({ id: partnership.id, userId: viewer.id }))).status).toBe(404);

    session.actor = admin;
    const bad = await memberRoles.PUT(json('PUT', rolesPath(viewer.id), { roles: [], note: 'x' }), ctx({ id: partnership.id, userId: viewer.id }));
    expect(bad.status).toBe(400);
    expect(errorBody.parse(await bodyOf(bad)).error.details?.fields).toEqual({ roles: 'Give at least one role.', note: 'Unknown field: note.' });
    const changed = await memberRoles.PUT(json('PUT', rolesPath(viewer.id), { roles: [{ role: 'governor', schoolId: school.id }] }), ctx({ id: partnership.id, userId: viewer.id }));
    expect(changed.status).toBe(200);
    expect(await bodyOf(changed)).toEqual({
      member: { id: viewer.id, name: viewer.name, email: viewer.email, roles: [{ role: 'governor', schoolId: school.id, schoolName: school.name, schoolCode: 'BR', subject: null }] },
    });

    const demoteSelf = await memberRoles.PUT(json('PUT', rolesPath(admin.id), { roles: [{ role: 'viewer' }] }), ctx({ id: partnership.id, userId: admin.id }));
    expect(demoteSelf.status).toBe(409);
    expect(errorBody.parse(await bodyOf(demoteSelf)).error.message).toContain('only partnership admin');
    expect((await member.DELETE(bare('DELETE', '/'), ctx({ id: partnership.id, userId: admin.id }))).status).toBe(409);

    expect((await member.DELETE(bare('DELETE', '/'), ctx({ id: partnership.id, userId: viewer.id }))).status).toBe(204);
    session.actor = await reload(viewer.id);
    expect((await members.GET(bare('GET', '/'), ctx({ id: partnership.id }))).status).toBe(404);
    session.actor = admin;
    expect((await member.DELETE(bare('DELETE', '/'), ctx({ id: partnership.id, userId: viewer.id }))).status).toBe(404);
  });
});
