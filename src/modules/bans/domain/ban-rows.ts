// A prefecture's list as CSV (docs/api/bans.md): one ban per line, the columns of AU-42 and no others. A
// column for the reasons of a ban (or anything that looks like one) refuses the whole file: AU-42 forbids
// processing them, so not one line of it is read.

export const BAN_CSV_COLUMNS = ['type', 'nom', 'prenom', 'date_naissance', 'lieu_naissance'] as const;
export const BAN_CSV_OPTIONAL_COLUMNS = [
  'adresse',
  'date_decision',
  'duree_mois',
  'date_arrete',
  'fin_validite',
  'enceintes',
  'abords',
  'types_manifestations',
  'obligation_convocations',
] as const;

/** Column names (normalised) that would carry the reasons of a ban, or free comments that could. */
const REASON_LIKE =
  /^(motifs?|raisons?|reasons?|faits?|infractions?|observations?|commentaires?|comments?|remarques?|notes?|details?)$/;

export function reasonLikeColumns(names: readonly string[]): string[] {
  return names.filter((name) => REASON_LIKE.test(name));
}

/** `12/03/2025` or `2025-03-12` → `2025-03-12`; anything else is returned as is for the check to refuse. */
function isoDay(value: string): string {
  const french = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value.trim());
  return french ? `${french[3]}-${french[2]}-${french[1]}` : value.trim();
}

const YES = new Set(['oui', 'o', 'yes', 'true', '1', 'vrai']);
const NO = new Set(['non', 'n', 'no', 'false', '0', 'faux', '']);
function yesNo(value: string): boolean | string {
  const word = value.trim().toLowerCase();
  if (YES.has(word)) return true;
  if (NO.has(word)) return false;
  return value;
}

const list = (value: string) =>
  value
    .split('|')
    .map((item) => item.trim())
    .filter(Boolean);

function months(value: string): number | string {
  return /^\d{1,4}$/.test(value.trim()) ? Number(value.trim()) : value;
}

/**
 * The input a line stands for, to be checked like an entry by hand. `type` is `judiciaire` or
 * `administrative`; lists (`enceintes`, `types_manifestations`) are separated by `|`.
 */
export function banInputFromRow(
  values: Record<string, string>,
): { ok: true; raw: unknown } | { ok: false; reason: string } {
  const get = (name: string) => (values[name] ?? '').trim();
  const identity = {
    surname: get('nom'),
    firstName: get('prenom'),
    address: get('adresse') || null,
    birthDate: isoDay(get('date_naissance')),
    birthPlace: get('lieu_naissance'),
  };
  const type = get('type').toLowerCase();
  if (['judiciaire', 'judicial'].includes(type))
    return {
      ok: true,
      raw: {
        identity,
        measure: {
          kind: 'judicial',
          decisionDate: isoDay(get('date_decision')),
          durationMonths: months(get('duree_mois')),
        },
      },
    };
  if (['administrative', 'administratif', 'administrative_ban'].includes(type))
    return {
      ok: true,
      raw: {
        identity,
        measure: {
          kind: 'administrative',
          forbiddenVenues: list(get('enceintes')),
          includesSurroundings: yesNo(get('abords')),
          eventTypes: list(get('types_manifestations')),
          orderDate: isoDay(get('date_arrete')),
          validUntil: isoDay(get('fin_validite')),
          mustAnswerSummons: yesNo(get('obligation_convocations')),
        },
      },
    };
  return { ok: false, reason: 'type : « judiciaire » ou « administrative » attendu' };
}
