import { PersonIdentity } from '../../../../contracts/applicants.js';
import type { EligibilityStatus } from '../../../../contracts/programmes.js';

// One line of an operator's applicants file (docs/api/applicants.md, "Importing applicants"). Pure: turns the
// cells into an applicant, or says in French what is wrong — naming columns, never repeating a value (the
// report of rejected lines holds no personal data).

export const APPLICANT_CSV_COLUMNS = [
  'nom_de_naissance',
  'prenoms',
  'date_de_naissance',
  'courriel',
  'statuts',
  'justificatifs',
  'consentement_le',
] as const;
/**
 * `representant_legal`: a minor's legal representative. `choix_epreuves`: the events wanted, best first, as
 * event codes separated by `|` (e.g. `ATH-01|NAT-03`); empty or absent, no ranking.
 */
export const APPLICANT_CSV_OPTIONAL_COLUMNS = ['representant_legal', 'choix_epreuves'] as const;

const STATUS_CODES: Record<string, EligibilityStatus> = {
  eleve: 'school_pupil',
  structure_jeunesse: 'youth_structure_member',
  benevole: 'sports_volunteer',
  handicap: 'disability_card',
  aidant: 'carer',
  agent_b: 'public_agent_category_b',
  agent_c: 'public_agent_category_c',
  implication_jeux: 'games_involvement',
};
for (const code of Object.values({ ...STATUS_CODES })) STATUS_CODES[code] = code;

export interface ApplicantRow {
  birthSurname: string;
  firstNames: string;
  birthDate: string;
  email: string;
  statuses: { status: EligibilityStatus; proofProvided: boolean }[];
  /** ISO date the consent was collected on. */
  consentedOn: string;
  representative: string | null;
  /** Event codes, best first, as written (checked against the programme's events by the import). */
  eventCodes: string[];
}

export type ApplicantRowResult = { ok: true; row: ApplicantRow } | { ok: false; reason: string };

const plain = (value: string) => value.normalize('NFKD').replace(/\p{M}/gu, '').trim().toLowerCase();

/** `17/05/2014` or `2014-05-17` → `2014-05-17`, only for a day that exists. */
export function parseDate(value: string): string | undefined {
  const trimmed = value.trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed) ?? /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(trimmed);
  if (!match) return undefined;
  const [year, month, day] = trimmed.includes('/')
    ? [Number(match[3]), Number(match[2]), Number(match[1])]
    : [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const EMAIL = /^[^\s@=+]+@[^\s@]+\.[^\s@]+$/;

export function parseApplicantRow(values: Record<string, string>): ApplicantRowResult {
  const problems: string[] = [];
  const birthDate = parseDate(values.date_de_naissance ?? '');
  if (!birthDate) problems.push('date_de_naissance : date illisible ou inexistante (JJ/MM/AAAA)');
  const consentedOn = parseDate(values.consentement_le ?? '');
  if (!consentedOn) problems.push('consentement_le : date illisible ou inexistante (JJ/MM/AAAA)');
  const email = (values.courriel ?? '').trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) problems.push('courriel : adresse invalide');
  const statuses: ApplicantRow['statuses'] = [];
  const proofs = plain(values.justificatifs ?? '');
  if (proofs !== 'oui' && proofs !== 'non' && proofs !== '')
    problems.push('justificatifs : « oui » ou « non »');
  for (const code of (values.statuts ?? '').split(/[|,]/).map(plain).filter(Boolean)) {
    const status = STATUS_CODES[code];
    if (!status) {
      problems.push(`statuts : code inconnu (codes : ${Object.keys(STATUS_CODES).slice(0, 8).join(', ')})`);
      break;
    }
    statuses.push({ status, proofProvided: proofs === 'oui' });
  }
  const identity = PersonIdentity.safeParse({
    birthSurname: values.nom_de_naissance ?? '',
    firstNames: values.prenoms ?? '',
    birthDate: birthDate ?? '2000-01-01',
  });
  if (!identity.success) {
    const names: Record<string, string> = { birthSurname: 'nom_de_naissance', firstNames: 'prenoms' };
    for (const issue of identity.error.issues) {
      const column = names[String(issue.path[0])] ?? String(issue.path[0]);
      // The message names the rule, never the value (it would be personal data in the report).
      problems.push(`${column} : ${issue.message.replace(/^[^:]+ : /, '')}`);
    }
  }
  const representative = (values.representant_legal ?? '').trim();
  if (representative.length > 200) problems.push('representant_legal : 200 caractères au plus');
  if (representative !== '' && !/^[\p{L}][\p{L}\p{M} '’.-]*$/u.test(representative))
    problems.push('representant_legal : lettres, espaces, tirets et apostrophes seulement');
  const eventCodes = (values.choix_epreuves ?? '')
    .split('|')
    .map((code) => code.trim())
    .filter(Boolean);
  if (new Set(eventCodes.map((code) => code.toLowerCase())).size !== eventCodes.length)
    problems.push('choix_epreuves : une épreuve ne peut être classée qu’une fois');
  if (problems.length > 0 || !identity.success) return { ok: false, reason: problems.join(' ; ') };
  return {
    ok: true,
    row: {
      birthSurname: identity.data.birthSurname,
      firstNames: identity.data.firstNames,
      birthDate: birthDate!,
      email,
      statuses,
      consentedOn: consentedOn!,
      representative: representative === '' ? null : representative,
      eventCodes,
    },
  };
}
