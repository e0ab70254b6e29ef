import { and, eq, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/database.js';
import { oneTimeLinks } from '../../platform/db/schema/index.js';
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
