import type { EligibilityStatus, GamesCode, Movement, MovementKind, TargetPublic } from '../../app/contracts';
import type { Dictionary, Lang } from '../../app/i18n';

// Words of programmes, events and stock, in both languages, shared by their pages.

export const publicNames: Dictionary<Record<TargetPublic, string>> = {
  fr: {
    youth: 'Jeunesse',
    sports_volunteers: 'Bénévoles du mouvement sportif',
    disability: 'Personnes en situation de handicap et aidants',
    public_agents: 'Agents publics (catégories B et C)',
  },
  en: {
    youth: 'Youth',
    sports_volunteers: 'Sports-movement volunteers',
    disability: 'People with a disability and their carers',
    public_agents: 'Public agents (categories B and C)',
  },
};

export const gamesNames: Dictionary<Record<GamesCode | 'both', string>> = {
  fr: {
    olympic: 'Jeux olympiques',
    paralympic: 'Jeux paralympiques',
    both: 'Jeux olympiques et paralympiques',
  },
  en: { olympic: 'Olympic Games', paralympic: 'Paralympic Games', both: 'Olympic and Paralympic Games' },
};

export const statusNames: Dictionary<Record<EligibilityStatus, string>> = {
  fr: {
    school_pupil: 'élève scolarisé en France',
    youth_structure_member: 'membre d’une structure jeunesse',
    sports_volunteer: 'bénévole du mouvement sportif',
    disability_card: 'personne en situation de handicap',
    carer: 'aidant d’une personne en situation de handicap',
    public_agent_category_b: 'agent public de catégorie B',
    public_agent_category_c: 'agent public de catégorie C',
    games_involvement: 'impliqué dans la préparation des Jeux',
  },
  en: {
    school_pupil: 'pupil at a school in France',
    youth_structure_member: 'member of a youth organisation',
    sports_volunteer: 'volunteer of the sports movement',
    disability_card: 'person with a disability',
    carer: 'carer of a person with a disability',
    public_agent_category_b: 'category B public agent',
    public_agent_category_c: 'category C public agent',
    games_involvement: 'involved in preparing the Games',
  },
};

export const movementKindNames: Dictionary<Record<MovementKind, string>> = {
  fr: {
    supply: 'stock fourni',
    supply_removed: 'stock retiré',
    allocation: 'répartition',
    return: 'retour',
    reclaim: 'reprise à l’échéance',
  },
  en: {
    supply: 'stock supplied',
    supply_removed: 'stock removed',
    allocation: 'allocation',
    return: 'return',
    reclaim: 'reclaimed at the deadline',
  },
};

export const levelNames: Dictionary<Record<'supplier' | 'pool' | 'programme' | 'operator', string>> = {
  fr: {
    supplier: 'billetterie de l’organisateur',
    pool: 'pot commun de l’État',
    programme: 'programme',
    operator: 'opérateur',
  },
  en: { supplier: 'organiser’s ticketing', pool: 'State pool', programme: 'programme', operator: 'operator' },
};

/** Who holds tickets at one end of a movement, in words. */
export function holderLabel(lang: Lang, holder: Movement['from']): string {
  if (holder.level === 'operator') return `${holder.operatorName ?? ''} (${holder.programmeName ?? ''})`;
  if (holder.level === 'programme') return holder.programmeName ?? '';
  return levelNames[lang][holder.level];
}

const locale = (lang: Lang) => (lang === 'fr' ? 'fr-FR' : 'en-GB');

export const formatCount = (lang: Lang, value: number) => value.toLocaleString(locale(lang));

/** A date and time in Paris: « samedi 27 juillet 2024 à 10:30 ». */
export function formatParisDateTime(lang: Lang, iso: string): string {
  return new Date(iso).toLocaleString(locale(lang), {
    timeZone: 'Europe/Paris',
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function formatParisDate(lang: Lang, iso: string): string {
  return new Date(iso).toLocaleDateString(locale(lang), {
    timeZone: 'Europe/Paris',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

/** `2024-07-27T10:30` (Paris) for an instant, for a datetime-local input. */
export function parisInputValue(iso: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/**
 * The instant Paris clocks show at `local` (a datetime-local value): the offset is found by comparing
 * what Paris shows for two candidate instants (UTC+2 in summer, UTC+1 in winter).
 */
export function instantFromParisInput(local: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return undefined;
  for (const offset of ['+02:00', '+01:00']) {
    const candidate = new Date(`${local}:00${offset}`);
    if (!Number.isNaN(candidate.getTime()) && parisInputValue(candidate.toISOString()) === local)
      return candidate.toISOString();
  }
  return undefined;
}

/** « 1 billet », « 25 billets » — with the number formatted for the language. */
export function countOf(lang: Lang, value: number, one: string, many: string): string {
  return `${formatCount(lang, value)} ${Math.abs(value) >= 2 ? many : one}`;
}
