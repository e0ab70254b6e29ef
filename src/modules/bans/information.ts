import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { BanRegistrySettings, InformationLetterSending, type BanDetail } from '../../../contracts/bans.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { banRegistries, bans } from '../../platform/db/schema/index.js';
import type { MailTransport } from '../../platform/mail/transports.js';
import type { Acting, BansDeps } from './deps.js';
import { informationLetter, letterText, type InformationLetter } from './domain/information-letter.js';
import { addDays } from './domain/ban-period.js';
import { informationLetterPdf } from './letter-pdf.js';
import { banProblems } from './problems.js';
import { auditChange, today } from './registry.js';
import { decryptBan, detailView, findBan, hasPhoto } from './repository.js';
import { parsedBody, rightsProblems } from './rights-problems.js';

// Information of the people in the registry (BAN-5, AU-42 art. 6): what the letter names (the registry's
// settings), the letter itself (PDF), and its sending — by e-mail at once, the address used for that mail only
// and never stored (AU-42 lists no e-mail field), or recorded as posted or handed over.

export interface InformationDeps extends BansDeps {
  /** A transport for one mail sent at once, outside the outbox (which would keep the address 30 days). */
  mailTransport(): MailTransport;
}

export const LETTER_FILENAME = 'information-interdiction-de-stade.pdf';

export async function registrySettings(
  db: Db | Tx,
  organiserId: string,
): Promise<BanRegistrySettings | undefined> {
  const [row] = await db.select().from(banRegistries).where(eq(banRegistries.organiserId, organiserId));
  if (!row) return undefined;
  return {
    controllerName: row.controllerName,
    controllerAddress: row.controllerAddress,
    recipients: row.recipients,
    rightsServiceAddress: row.rightsServiceAddress,
    rightsServiceEmail: row.rightsServiceEmail,
  };
}

export async function readRegistrySettings(deps: BansDeps, organiserId: string) {
  const settings = await registrySettings(deps.database.db, organiserId);
  if (!settings) throw rightsProblems.registryNotSet(404);
  return settings;
}

export async function setRegistrySettings(
  deps: BansDeps,
  organiserId: string,
  raw: unknown,
  who: Acting,
): Promise<BanRegistrySettings> {
  const settings = parsedBody(BanRegistrySettings, raw, rightsProblems.registryInvalid);
  const values = { ...settings, updatedBy: who.actor.userId, updatedAt: deps.clock.now() };
  await deps.database.transaction(async (tx) => {
    await tx
      .insert(banRegistries)
      .values({ organiserId, ...values })
      .onConflictDoUpdate({ target: banRegistries.organiserId, set: values });
    await auditChange(tx, deps, who, 'bans.registry.changed', 'ban_registries', [organiserId]);
  });
  return settings;
}

/** The letter for one ban of the registry; 409 until the registry names its controller and service. */
async function letterFor(deps: BansDeps, organiserId: string, banId: string): Promise<InformationLetter> {
  const row = await findBan(deps.database.db, organiserId, banId);
  if (!row) throw banProblems.notFound();
  const settings = await registrySettings(deps.database.db, organiserId);
  if (!settings) throw rightsProblems.registryNotSet(409);
  const { identity, measure } = decryptBan(deps.cipher, row);
  return informationLetter(
    settings,
    {
      identity,
      measure,
      startsOn: row.startsOn,
      lastDay: addDays(row.endsOn, -1),
      suspended: row.suspendedAt !== null,
      hasPhoto: await hasPhoto(deps.database.db, banId),
    },
    today(deps),
  );
}

export async function informationLetterDocument(
  deps: BansDeps,
  organiserId: string,
  banId: string,
): Promise<Buffer> {
  return informationLetterPdf(await letterFor(deps, organiserId, banId), deps.clock.now());
}

/**
 * Informs the person: by e-mail now (the PDF attached, its text in the body), or records a letter posted or
 * handed over. The ban then shows when and how (`informedAt`, `informedBy`). A mail the server does not accept
 * informs no one: nothing is recorded.
 */
export async function sendInformationLetter(
  deps: InformationDeps,
  organiserId: string,
  banId: string,
  raw: unknown,
  who: Acting,
): Promise<BanDetail> {
  const sending = parsedBody(InformationLetterSending, raw, rightsProblems.letterInvalid);
  if ((sending.channel === 'email') !== (sending.email !== undefined))
    throw rightsProblems.letterInvalid([
      {
        path: 'body.email',
        message:
          sending.channel === 'email'
            ? { fr: 'adresse électronique requise', en: 'e-mail address required' }
            : {
                fr: 'seulement pour un envoi par courriel (channel email)',
                en: 'only for a sending by e-mail (channel email)',
              },
      },
    ]);
  const letter = await letterFor(deps, organiserId, banId);
  if (sending.email !== undefined) await mailLetter(deps, letter, sending.email);
  const row = await deps.database.transaction(async (tx) => {
    // Deleted while the mail left (annulled, purged): nothing left to mark.
    if (!(await findBan(tx, organiserId, banId, true))) throw banProblems.notFound();
    const [row] = await tx
      .update(bans)
      .set({ informedAt: deps.clock.now(), informedBy: sending.channel })
      .where(and(eq(bans.id, banId), eq(bans.organiserId, organiserId)))
      .returning();
    // The channel is on the ban; the address goes nowhere, the audit entry included.
    await auditChange(tx, deps, who, 'bans.letter.sent', 'bans', [banId]);
    return row!;
  });
  return detailView(deps.cipher, row, await hasPhoto(deps.database.db, banId), today(deps));
}

async function mailLetter(deps: InformationDeps, letter: InformationLetter, recipient: string) {
  const transport = deps.mailTransport();
  try {
    await transport.deliver({
      id: randomUUID(),
      recipient,
      subject: letter.subject,
      text: letterText(letter),
      html: null,
      attachments: [
        {
          filename: LETTER_FILENAME,
          contentType: 'application/pdf',
          content: await informationLetterPdf(letter, deps.clock.now()),
        },
      ],
    });
  } catch {
    // The server's reply may echo the address: it is not kept, not even in the logs.
    throw rightsProblems.letterNotDelivered();
  } finally {
    transport.close();
  }
}
