import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { updateGovernance } from '@/lib/commands/update-governance';
import { apiRoute, readJsonBody } from '@/lib/http';
import { getGovernanceSettings } from '@/lib/queries/governance-settings';
import { GOVERNANCE_SETTINGS_BODY_BYTES } from '@/lib/validation/governance-settings';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

/** The partnership's governance rules: who signs each review kind, who approves each decision type. */
export const GET = apiRoute(async (_request, { params }: Params) => {
  const actor = await requireActor();
  return Response.json({ governance: await getGovernanceSettings(getDb(), actor, (await params).id) });
});

/** Replaces the partnership's governance rules (sent whole); reviews and recommendations already made keep theirs. */
export const PUT = apiRoute(async (request, { params }: Params) => {
  const actor = await requireActor();
  const { id } = await params;
  const body = await readJsonBody(request, GOVERNANCE_SETTINGS_BODY_BYTES);
  return Response.json({ governance: await updateGovernance(getDb(), actor, id, body) });
});
