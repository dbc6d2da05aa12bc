import { IsNull, type EntityManager } from 'typeorm';
import type { AuditActor } from '@causeway/contracts';
import { acceptLink, newOneTimeToken } from '../auth/one-time-tokens';
import { recordChange } from '../events/record-change';
import type { Role } from '../roles/role.entity';
import { parseEmail } from '../users/users.service';
import { Invitation } from './invitation.entity';

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

export interface IssuedInvitation {
  invitation: Invitation;
  role: Role;
  /** The link with its token: shown once to whoever must hand it over, never stored. */
  link: string;
}

/**
 * Writes an invitation (replacing any pending one for the same email) with its audit event,
 * inside the caller's transaction. It never looks up whether the email has an account.
 */
export async function issueInvitation(
  manager: EntityManager,
  args: { tenantId: string; actor: AuditActor; email: string; role: Role; publicUrl: string },
): Promise<IssuedInvitation> {
  const { tenantId, actor, role } = args;
  const email = parseEmail(args.email);
  await manager.delete(Invitation, { tenantId, email, acceptedAt: IsNull() });
  const { token, hash } = newOneTimeToken('cwi');
  const invitation = await manager.save(
    manager.create(Invitation, {
      tenantId,
      email,
      roleId: role.id,
      tokenHash: hash,
      invitedBy: actor.id,
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      acceptedAt: null,
      acceptedBy: null,
    }),
  );
  await recordChange(manager, {
    tenantId,
    actor,
    action: 'invitation.created',
    target: { type: 'invitation', id: invitation.id },
    after: { email, role: role.name, expiresAt: invitation.expiresAt.toISOString() },
  });
  return { invitation, role, link: acceptLink(args.publicUrl, 'invitation', token) };
}
