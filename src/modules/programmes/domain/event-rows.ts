import { EventInput, type GamesCode, type EventKind } from '../../../../contracts/programmes.js';

// One row of an events import (docs/api/programmes.md, "Importing events"): a session and one category of its
// stock. Pure: turns the cells into an event input, or says in French what is wrong with the row.

export const EVENT_CSV_COLUMNS = [
  'code',
  'jeux',
  'nature',
  'sport',
  'discipline',
  'site',
  'debut',
  'categorie',
  'billets',
] as const;

export interface EventRow {
  code: string;
  games: GamesCode;
  kind: EventKind;
  sport: string;
  discipline: string;
  venue: string;
  startsAtParis: string;
  category: string;
  count: number;
}

export type EventRowResult = { ok: true; row: EventRow } | { ok: false; reason: string };

const plain = (value: string) => value.normalize('NFKD').replace(/\p{M}/gu, '').trim().toLowerCase();

const GAMES: Record<string, GamesCode> = {
  olympiques: 'olympic',
  olympique: 'olympic',
  jo: 'olympic',
  olympic: 'olympic',
  paralympiques: 'paralympic',
  paralympique: 'paralympic',
  jp: 'paralympic',
  paralympic: 'paralympic',
};
const KINDS: Record<string, EventKind> = {
  competition: 'competition',
  ceremonie: 'ceremony',
  ceremony: 'ceremony',
};

/** `2024-07-27 10:30`, `2024-07-27T10:30` or `27/07/2024 10:30` (seconds allowed) → `2024-07-27T10:30`. */
export function parseParisDateTime(value: string): string | undefined {
  const trimmed = value.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)$/.exec(trimmed);
  if (iso) return `${iso[1]}T${iso[2]}`;
  const french = /^(\d{2})\/(\d{2})\/(\d{4})[ T](\d{2})[:h](\d{2})(?::(\d{2}))?$/.exec(trimmed);
  if (french)
    return `${french[3]}-${french[2]}-${french[1]}T${french[4]}:${french[5]}${french[6] ? `:${french[6]}` : ''}`;
  return undefined;
}

/** A count as spreadsheets write it: `1500`, `1 500` (with a space or a no-break space). */
export function parseCount(value: string): number | undefined {
  const compact = value.replace(/[\s\u00a0\u202f]/g, '');
  return /^\d{1,9}$/.test(compact) ? Number(compact) : undefined;
}

export function parseEventRow(values: Record<string, string>): EventRowResult {
  const problems: string[] = [];
  const games = GAMES[plain(values.jeux ?? '')];
  if (!games) problems.push(`jeux « ${values.jeux ?? ''} » inconnus (olympiques ou paralympiques)`);
  const kind = KINDS[plain(values.nature ?? '')];
  if (!kind) problems.push(`nature « ${values.nature ?? ''} » inconnue (compétition ou cérémonie)`);
  const startsAtParis = parseParisDateTime(values.debut ?? '');
  if (!startsAtParis)
    problems.push(
      `début « ${values.debut ?? ''} » illisible (AAAA-MM-JJ HH:MM ou JJ/MM/AAAA HH:MM, heure de Paris)`,
    );
  const count = parseCount(values.billets ?? '');
  if (count === undefined)
    problems.push(`billets « ${values.billets ?? ''} » : un nombre entier est attendu`);
  else if (count === 0) problems.push('billets : au moins 1 billet par ligne');
  if (problems.length > 0) return { ok: false, reason: problems.join(' ; ') };

  const checked = EventInput.safeParse({
    code: values.code ?? '',
    games,
    kind,
    sport: values.sport ?? '',
    discipline: values.discipline ?? '',
    venue: values.site ?? '',
    startsAtParis,
    stock: [{ category: values.categorie ?? '', count }],
  });
  if (!checked.success) {
    const names: Record<string, string> = { venue: 'site', stock: 'categorie' };
    return {
      ok: false,
      reason: checked.error.issues
        .map((issue) => {
          const field = String(issue.path[0] ?? '');
          return `${names[field] ?? field} : ${issue.message}`;
        })
        .join(' ; '),
    };
  }
  const event = checked.data;
  return {
    ok: true,
    row: {
      code: event.code,
      games: event.games,
      kind: event.kind,
      sport: event.sport,
      discipline: event.discipline,
      venue: event.venue,
      startsAtParis: event.startsAtParis,
      category: event.stock[0]!.category,
      count: event.stock[0]!.count,
    },
  };
}
