import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { DeliveredTicket, TicketLinkPage } from '../../../contracts/ticket-delivery.js';
import { randomToken, tokenHash } from '../../platform/crypto/tokens.js';
import { selectRows, type Database, type Db, type Tx } from '../../platform/db/database.js';
import {
  applicants,
  programmeLogos,
  programmes,
  ticketLinks,
  tickets,
} from '../../platform/db/schema/index.js';
import { enqueueMails, type MailToSend } from '../../platform/mail/outbox.js';
import { parisFromInstant } from '../programmes/domain/paris-time.js';
import type { TicketActing, TicketScope } from './deps.js';
import { isLive } from './domain/lifecycle.js';
import { ticketProblems } from './problems.js';
import { auditTickets, recordHistory } from './repository.js';
import { heldThroughLink, myTickets, type LinkHolder } from './views.js';

// Delivery (TAJ-3, TAJ-14): each ticket issued reaches its holder by mail with a download link. One link per
// holder and mail — the application the tickets are held through (a person; a carer pair together, one mail
// to the pair's address; a group's manager for all the group's seats) — rather than one per ticket: the link
// opens every ticket of that holder, a group's manager gets one mail for k seats, and a ticket issued later
// (a reserve's) comes with a new link of its own. The token is 256 random bits, stored as its SHA-256
// (`ticket_links`), usable as often as the holder likes until the end of the validity window of the last
// ticket it was sent for, and revoked when none of the holder's tickets is live any more, or by an operator.

/** The path of the ticket page in the web app; the mail's link is `<public URL>/billets/<token>`. */
export const TICKET_PAGE_PATH = '/billets';

/** Why tickets are being delivered: the mail's words, and its category (logged, no personal data). */
export type DeliveryReason = 'issued' | 'reserve-promoted' | 'reassigned';

const CATEGORY: Record<DeliveryReason, string> = {
  issued: 'tickets.delivery-link',
  'reserve-promoted': 'tickets.reserve-promoted',
  reassigned: 'tickets.reassigned',
};

interface Recipient {
  ticket_id: string;
  holder_applicant_id: string;
  carer_pair_id: string | null;
  holder_kind: 'person' | 'carer_pair' | 'group';
  email: string | null;
  first_names: string;
  programme_id: string;
  programme: string;
  event_id: string;
  sport: string;
  discipline: string;
  venue: string;
  starts_at: string | Date;
  valid_until: string | Date;
}

/**
 * The holder, programme and event of each ticket, in the mails' order (the event's start, then the ticket id).
 * Read as a narrow row per ticket and one row per holder, event and programme, joined and sorted here: a
 * draw's publication reads hundreds of thousands of tickets of a few thousand holders and a few events.
 */
async function recipients(tx: Tx, ticketIds: readonly string[]): Promise<Recipient[]> {
  const tickets = await selectRows<{
    ticket_id: string;
    holder_applicant_id: string | null;
    holder_kind: Recipient['holder_kind'];
    programme_id: string;
    event_id: string;
    valid_until: Date;
  }>(
    tx,
    sql`select t.id as ticket_id, t.holder_applicant_id, t.holder_kind, t.programme_id, t.event_id, t.valid_until
        from unnest(${sql.param([...ticketIds])}::text[]) as i(id)
        join tickets t on t.id = i.id`,
  );
  const ids = (pick: (row: (typeof tickets)[number]) => string | null) => [
    ...new Set(tickets.map(pick).filter((id) => id !== null)),
  ];
  const [people, programmeRows, eventRows] = [
    await selectRows<{ id: string; carer_pair_id: string | null; first_names: string; email: string | null }>(
      tx,
      sql`select a.id, a.carer_pair_id, a.first_names,
            coalesce(a.email, (select b.email from applicants b
                               where a.carer_pair_id is not null and b.carer_pair_id = a.carer_pair_id
                                 and b.email is not null order by b.id limit 1)) as email
          from applicants a where a.id = any(${sql.param(ids((row) => row.holder_applicant_id))}::uuid[])`,
    ),
    await selectRows<{ id: string; name: string }>(
      tx,
      sql`select id, name from programmes where id = any(${sql.param(ids((row) => row.programme_id))}::uuid[])`,
    ),
    await selectRows<{ id: string; sport: string; discipline: string; venue: string; starts_at: Date }>(
      tx,
      sql`select id, sport, discipline, venue, starts_at from sport_events
          where id = any(${sql.param(ids((row) => row.event_id))}::uuid[])`,
    ),
  ];
  const person = new Map(people.map((row) => [row.id, row]));
  const programme = new Map(programmeRows.map((row) => [row.id, row.name]));
  const event = new Map(eventRows.map((row) => [row.id, { ...row, at: new Date(row.starts_at).getTime() }]));
  const rows: (Recipient & { at: number })[] = [];
  for (const ticket of tickets) {
    const holder = ticket.holder_applicant_id === null ? undefined : person.get(ticket.holder_applicant_id);
    const where = event.get(ticket.event_id);
    const name = programme.get(ticket.programme_id);
    if (!holder || !where || name === undefined) continue;
    rows.push({
      ...ticket,
      holder_applicant_id: holder.id,
      carer_pair_id: holder.carer_pair_id,
      email: holder.email,
      first_names: holder.first_names,
      programme: name,
      sport: where.sport,
      discipline: where.discipline,
      venue: where.venue,
      starts_at: where.starts_at,
      at: where.at,
    });
  }
  return rows.sort(
    (a, b) => a.at - b.at || (a.ticket_id < b.ticket_id ? -1 : a.ticket_id > b.ticket_id ? 1 : 0),
  );
}

/**
 * Queues, in the caller's transaction, one mail per holder of these tickets with a new download link (and
 * stores the link's hash). A holder without any address gets none (an import without an address: the operator
 * hands the ticket over). Returns the number of mails queued.
 */
export async function sendTicketLinks(
  tx: Tx,
  ticketIds: readonly string[],
  now: Date,
  publicUrl: string,
  reason: DeliveryReason = 'issued',
): Promise<number> {
  if (ticketIds.length === 0) return 0;
  const rows = await recipients(tx, ticketIds);
  const holders = new Map<string, Recipient[]>();
  for (const row of rows) {
    if (!row.email) continue;
    const key = `${row.programme_id}/${row.carer_pair_id ?? row.holder_applicant_id}`;
    const group = holders.get(key);
    if (group) group.push(row);
    else holders.set(key, [row]);
  }
  const links: (typeof ticketLinks.$inferInsert)[] = [];
  // Each event's line of the mail, written once for all its tickets (a draw has many tickets per event).
  const eventLines = new Map<string, string>();
  const mails: MailToSend[] = [];
  for (const group of holders.values()) {
    const first = group[0]!;
    const token = randomToken();
    const expiresAt = new Date(
      group.reduce((latest, row) => Math.max(latest, new Date(row.valid_until).getTime()), 0),
    );
    links.push({
      tokenHash: tokenHash(token),
      applicantId: first.holder_applicant_id,
      programmeId: first.programme_id,
      createdAt: now,
      expiresAt,
    });
    mails.push(
      deliveryMail(group, `${publicUrl}${TICKET_PAGE_PATH}/${token}`, expiresAt, reason, eventLines),
    );
  }
  for (let start = 0; start < links.length; start += 2000) {
    const slice = links.slice(start, start + 2000);
    const column = (pick: (link: (typeof links)[number]) => string) => sql.param(slice.map(pick));
    await tx.execute(
      sql`insert into ticket_links (token_hash, applicant_id, programme_id, created_at, expires_at)
          select l.token_hash, l.applicant_id, l.programme_id, ${now.toISOString()}::timestamptz, l.expires_at
          from unnest(${column((link) => link.tokenHash)}::text[], ${column((link) => link.applicantId)}::uuid[],
            ${column((link) => link.programmeId)}::uuid[], ${column((link) => link.expiresAt.toISOString())}::timestamptz[])
            as l(token_hash, applicant_id, programme_id, expires_at)`,
    );
  }
  await enqueueMails(tx, mails, { now });
  return mails.length;
}

const when = (instant: string | Date) => parisFromInstant(new Date(instant)).replace('T', ' à ');

function deliveryMail(
  group: Recipient[],
  url: string,
  expiresAt: Date,
  reason: DeliveryReason,
  eventLines: Map<string, string>,
): MailToSend {
  const first = group[0]!;
  const count = group.length;
  const lines = group.map((row) => {
    let line = eventLines.get(row.event_id);
    if (line === undefined) {
      line = `- ${row.sport} — ${row.discipline}, ${row.venue}, le ${when(row.starts_at)} (heure de Paris)`;
      eventLines.set(row.event_id, line);
    }
    return line;
  });
  const intro = {
    issued:
      count > 1
        ? `Vos ${count} billets nominatifs du programme « ${first.programme} » sont prêts :`
        : `Votre billet nominatif du programme « ${first.programme} » est prêt :`,
    'reserve-promoted': `Une place s’est libérée et vous étiez le suivant ou la suivante sur la liste d’attente : un billet nominatif du programme « ${first.programme} » vous est attribué :`,
    reassigned: `Un billet nominatif du programme « ${first.programme} » vous est attribué :`,
  }[reason];
  const subject = {
    issued: `Gradins — ${count > 1 ? 'vos billets' : 'votre billet'} : ${first.programme}`,
    'reserve-promoted': `Gradins — une place vous est attribuée : ${first.sport}, ${when(first.starts_at)}`,
    reassigned: `Gradins — un billet vous est attribué : ${first.sport}, ${when(first.starts_at)}`,
  }[reason];
  return {
    recipient: first.email!,
    category: CATEGORY[reason],
    about: `applicant:${first.holder_applicant_id}`,
    subject,
    text: [
      `Bonjour ${first.first_names},`,
      '',
      intro,
      ...lines,
      '',
      `Affichez ${count > 1 ? 'vos billets' : 'votre billet'} et ${count > 1 ? 'leur' : 'son'} code QR, ou imprimez-${count > 1 ? 'les' : 'le'} (PDF), avec ce lien personnel : ${url}`,
      `Ce lien est valable jusqu’au ${when(expiresAt)} ; ne le transmettez pas.`,
      ...(first.holder_kind === 'group'
        ? ['Nommez le participant de chaque place depuis votre candidature : son code QR apparaît ensuite.']
        : []),
      'Ce billet est nominatif : il ne peut être ni revendu ni cédé. Si vous ne pouvez pas venir, désistez-vous au plus tard la veille à 23 h 59 depuis ce lien, pour que la place profite à quelqu’un d’autre.',
      '',
      '—',
      `Your nominative ticket(s) of the programme “${first.programme}”: show them with their QR code, or print them (PDF), from this personal link: ${url} (valid until ${when(expiresAt)}, Paris time). If you cannot come, withdraw by 23:59 on the eve from the same link.`,
    ].join('\n'),
  };
}

/** Who a ticket link speaks for, or `410 ticket-link-invalid` — the same for an unknown, expired or revoked one. */
export async function ticketLinkHolder(db: Db | Tx, token: string, now: Date) {
  const [found] = await db
    .select({ link: ticketLinks, applicant: applicants })
    .from(ticketLinks)
    .innerJoin(applicants, eq(applicants.id, ticketLinks.applicantId))
    .where(
      and(
        eq(ticketLinks.tokenHash, tokenHash(token)),
        gt(ticketLinks.expiresAt, now),
        isNull(ticketLinks.revokedAt),
      ),
    );
  if (!found) throw ticketProblems.linkInvalid();
  const { applicant } = found;
  const holder: LinkHolder = {
    applicantId: applicant.id,
    carerPairId: applicant.carerPairId,
    managedGroupId: applicant.groupRole === 'manager' ? applicant.groupId : null,
  };
  return { ...found, holder };
}

/** What a ticket needs beyond `MyTicket` on its page and PDF. */
async function ticketDetails(db: Db | Tx, ids: readonly string[]) {
  if (ids.length === 0)
    return new Map<string, { code: string | null; holder: string | null; group: string | null }>();
  const rows = await selectRows<{
    id: string;
    code: string | null;
    holder: string | null;
    group_name: string | null;
  }>(
    db,
    sql`select t.id, t.code, g.name as group_name,
          case when t.holder_kind = 'group'
               then case when gp.id is null then null else gp.first_names || ' ' || gp.birth_surname end
               else a.first_names || ' ' || a.birth_surname end as holder
        from tickets t
        left join applicants a on a.id = t.holder_applicant_id
        left join applicant_groups g on g.id = t.holder_group_id
        left join group_participants gp on gp.id = t.participant_id
        where t.id = any(${sql.param([...ids])}::text[])`,
  );
  return new Map(rows.map((row) => [row.id, { code: row.code, holder: row.holder, group: row.group_name }]));
}

/** The ticket code's QR as a PNG (error correction M, a 4-module quiet zone). */
export function ticketQrPng(code: string, scale = 8): Promise<Buffer> {
  return QRCode.toBuffer(code, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale });
}

export interface HeldTickets {
  programme: { id: string; name: string; logo: { png: Buffer; alt: string } | null };
  expiresAt: Date;
  tickets: (Omit<DeliveredTicket, 'qrPng'> & { code: string | null })[];
}

/** The tickets a link opens, with their codes (a code only while the ticket is live). */
export async function heldTickets(db: Db | Tx, token: string, now: Date) {
  const { link, applicant, holder } = await ticketLinkHolder(db, token, now);
  const list = await myTickets(db, holder, now);
  const details = await ticketDetails(
    db,
    list.map((ticket) => ticket.id),
  );
  const [programme] = await db
    .select({
      id: programmes.id,
      name: programmes.name,
      png: programmeLogos.pngBase64,
      alt: programmeLogos.alt,
    })
    .from(programmes)
    .leftJoin(programmeLogos, eq(programmeLogos.programmeId, programmes.id))
    .where(eq(programmes.id, link.programmeId));
  const held: HeldTickets = {
    programme: {
      id: programme!.id,
      name: programme!.name,
      logo: programme!.png ? { png: Buffer.from(programme!.png, 'base64'), alt: programme!.alt! } : null,
    },
    expiresAt: link.expiresAt,
    tickets: list.map((ticket) => {
      const detail = details.get(ticket.id)!;
      return {
        ...ticket,
        holderName: detail.holder,
        groupName: detail.group,
        code: isLive(ticket.status) ? detail.code : null,
      };
    }),
  };
  return { held, applicant, holder };
}

/**
 * The page a link opens (TAJ-14). Opening it delivers the holder's issued tickets (`issued → delivered`, in
 * the ticket's history): the holder has them.
 */
export async function ticketLinkPage(
  database: Database,
  token: string,
  now: Date,
  context: { requestId: string; sourceIp: string },
): Promise<TicketLinkPage> {
  const { held, applicant } = await heldTickets(database.db, token, now);
  const issued = held.tickets
    .filter((ticket) => ticket.status === 'issued' && ticket.code)
    .map((ticket) => ticket.id);
  if (issued.length > 0) {
    const who: TicketActing = {
      actor: `applicant:${applicant.entryRef}`,
      userId: null,
      organisationId: applicant.operatorId,
      ...context,
    };
    await database.transaction(async (tx) => {
      const delivered = await tx
        .update(tickets)
        .set({ status: 'delivered', deliveredAt: now })
        .where(and(inArray(tickets.id, issued), eq(tickets.status, 'issued')))
        .returning({ id: tickets.id });
      await recordHistory(
        tx,
        delivered.map((row) => ({ ticketId: row.id, from: 'issued', to: 'delivered', related: null })),
        now,
        who,
        'Billet ouvert par son titulaire depuis le lien reçu',
      );
    });
    for (const ticket of held.tickets) if (issued.includes(ticket.id)) ticket.status = 'delivered';
  }
  return {
    programme: {
      name: held.programme.name,
      logo: held.programme.logo
        ? {
            png: `data:image/png;base64,${held.programme.logo.png.toString('base64')}`,
            alt: held.programme.logo.alt,
          }
        : null,
    },
    expiresAt: held.expiresAt.toISOString(),
    expiresAtParis: parisFromInstant(held.expiresAt),
    tickets: await Promise.all(
      held.tickets.map(async ({ code, ...ticket }) => ({
        ...ticket,
        qrPng: code ? `data:image/png;base64,${(await ticketQrPng(code)).toString('base64')}` : null,
      })),
    ),
  };
}

/**
 * Revokes the links of a ticket's holder once none of the tickets they open is live (`tickets-ended`): called
 * in the transaction that ends a ticket (withdrawal, revocation, reassignment).
 */
export async function revokeEndedLinks(tx: Tx, holderApplicantId: string | null, now: Date): Promise<void> {
  if (!holderApplicantId) return;
  const candidates = await selectRows<{
    id: string;
    applicant_id: string;
    carer_pair_id: string | null;
    group_id: string | null;
    group_role: string | null;
  }>(
    tx,
    sql`select l.id, a.id as applicant_id, a.carer_pair_id, a.group_id, a.group_role
        from ticket_links l join applicants a on a.id = l.applicant_id
        where l.revoked_at is null and l.expires_at > ${now.toISOString()}::timestamptz
          and (a.id = ${holderApplicantId}
               or a.carer_pair_id = (select carer_pair_id from applicants where id = ${holderApplicantId}))`,
  );
  const ended: string[] = [];
  for (const link of candidates) {
    const holder: LinkHolder = {
      applicantId: link.applicant_id,
      carerPairId: link.carer_pair_id,
      managedGroupId: link.group_role === 'manager' ? link.group_id : null,
    };
    const [live] = await selectRows<{ id: string }>(
      tx,
      sql`select t.id from tickets t where t.status in ('issued', 'delivered') and ${heldThroughLink(holder)} limit 1`,
    );
    if (!live) ended.push(link.id);
  }
  if (ended.length > 0)
    await tx
      .update(ticketLinks)
      .set({ revokedAt: now, revokedReason: 'tickets-ended' })
      .where(inArray(ticketLinks.id, ended));
}

/**
 * An operator revokes every download link of a ticket's holder (a link forwarded, a mailbox lost): the links
 * stop working at once; the tickets stay valid. Audited `tickets.link.revoked`. Returns how many were revoked.
 */
export async function revokeTicketLinks(
  database: Database,
  scope: TicketScope,
  ticketId: string,
  now: Date,
  who: TicketActing,
): Promise<{ revoked: number }> {
  return database.transaction(async (tx) => {
    const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId));
    if (!ticket || ('operatorId' in scope && ticket.operatorId !== scope.operatorId))
      throw ticketProblems.notFound();
    if (!ticket.holderApplicantId) return { revoked: 0 };
    const revoked = await selectRows<{ id: string }>(
      tx,
      sql`update ticket_links set revoked_at = ${now.toISOString()}::timestamptz, revoked_reason = 'operator'
          where revoked_at is null and programme_id = ${ticket.programmeId}
            and applicant_id in (select id from applicants where id = ${ticket.holderApplicantId}
              or carer_pair_id = (select carer_pair_id from applicants where id = ${ticket.holderApplicantId}))
          returning id`,
    );
    await auditTickets(
      tx,
      who,
      now,
      'tickets.link.revoked',
      revoked.map((row) => row.id),
      'ticket_links',
    );
    return { revoked: revoked.length };
  });
}
