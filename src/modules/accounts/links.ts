import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { LinkState } from '../../../contracts/accounts.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { oneTimeLinks, roleGrants, users } from '../../platform/db/schema/index.js';
import { requiresSecondFactor } from './domain/access-policy.js';
import { accountProblems } from './problems.js';
import { randomToken, tokenHash } from './tokens.js';

type LinkPurpose = (typeof oneTimeLinks.$inferSelect)['purpose'];
export type LinkRow = typeof oneTimeLinks.$inferSelect;
export type LinkStatus = 'valid' | 'expired' | 'used' | 'unknown';

/** Creates a single-use link; earlier unused links of the same purpose and user are cancelled. */
export async function createLink(
  tx: Db | Tx,
  link: {
    purpose: LinkPurpose;
    userId: string | null;
    createdBy: string | null;
    now: Date;
    lifetimeMs: number;
  },
): Promise<string> {
  const token = randomToken();
  await tx
    .update(oneTimeLinks)
    .set({ cancelledAt: link.now })
    .where(
      and(
        eq(oneTimeLinks.purpose, link.purpose),
        link.userId ? eq(oneTimeLinks.userId, link.userId) : isNull(oneTimeLinks.userId),
        isNull(oneTimeLinks.usedAt),
        isNull(oneTimeLinks.cancelledAt),
      ),
    );
  await tx.insert(oneTimeLinks).values({
    purpose: link.purpose,
    tokenHash: tokenHash(token),
    userId: link.userId,
    createdBy: link.createdBy,
    expiresAt: new Date(link.now.getTime() + link.lifetimeMs),
  });
  return token;
}

export async function findLink(db: Db | Tx, token: string): Promise<LinkRow | undefined> {
  const [link] = await db
    .select()
    .from(oneTimeLinks)
    .where(eq(oneTimeLinks.tokenHash, tokenHash(token)));
  return link;
}

export function linkStatus(link: LinkRow | undefined, now: Date): LinkStatus {
  if (!link) return 'unknown';
  if (link.usedAt || link.cancelledAt) return 'used';
  if (link.expiresAt <= now) return 'expired';
  return 'valid';
}

/**
 * What whoever holds a link may learn: its purpose and state and, while it is valid, whose account it opens
 * and whether that account will need a second factor (said before a password is chosen). `userId` is for the
 * read log.
 */
export async function describeLink(
  db: Db | Tx,
  token: string,
  now: Date,
): Promise<{ userId: string | null; state: z.infer<typeof LinkState> }> {
  const link = await findLink(db, token);
  const status = linkStatus(link, now);
  if (!link) return { userId: null, state: { purpose: 'invitation', status } };
  const [user] =
    link.userId && status === 'valid' ? await db.select().from(users).where(eq(users.id, link.userId)) : [];
  const grants = user ? await db.select().from(roleGrants).where(eq(roleGrants.userId, user.id)) : [];
  return {
    userId: link.userId,
    state: {
      purpose: link.purpose,
      status,
      ...(user
        ? {
            email: user.email,
            displayName: user.displayName,
            mfaRequired: requiresSecondFactor(grants, now),
          }
        : {}),
    },
  };
}

/**
 * Marks a link used, only if it is still valid at this instant: two concurrent uses of one link cannot
 * both succeed (the second finds it used).
 */
export async function consumeLink(
  tx: Db | Tx,
  token: string,
  purpose: LinkPurpose,
  now: Date,
): Promise<LinkRow> {
  const link = await findLink(tx, token);
  const status = linkStatus(link, now);
  if (!link || link.purpose !== purpose || status !== 'valid') {
    throw accountProblems.linkInvalid(status === 'valid' ? 'unknown' : status);
  }
  const [consumed] = await tx
    .update(oneTimeLinks)
    .set({ usedAt: now })
    .where(and(eq(oneTimeLinks.id, link.id), isNull(oneTimeLinks.usedAt), isNull(oneTimeLinks.cancelledAt)))
    .returning();
  if (!consumed) throw accountProblems.linkInvalid('used');
  return consumed;
}
