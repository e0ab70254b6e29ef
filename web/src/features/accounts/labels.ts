import type { Dictionary } from '../../app/i18n';
import type { OrganisationKind, Role, ScopeKind } from '../../app/contracts';

export const roleNames: Dictionary<Record<Role, string>> = {
  fr: {
    programme_admin: 'administrateur de programme',
    operator: 'opérateur',
    group_manager: 'responsable de groupe',
    beneficiary: 'bénéficiaire',
    ban_officer: 'officier interdictions de stade',
    gate_agent: 'agent de contrôle d’accès',
    controller: 'contrôle interne',
    sysadmin: 'administrateur technique',
  },
  en: {
    programme_admin: 'programme administrator',
    operator: 'operator',
    group_manager: 'group manager',
    beneficiary: 'beneficiary',
    ban_officer: 'stadium-ban officer',
    gate_agent: 'gate agent',
    controller: 'internal control',
    sysadmin: 'technical administrator',
  },
};

export const scopeNames: Dictionary<Record<ScopeKind, string>> = {
  fr: {
    platform: 'toute la plateforme',
    programme: 'un programme',
    operator: 'un opérateur',
    organiser: 'un organisateur',
    event: 'un événement',
  },
  en: {
    platform: 'the whole platform',
    programme: 'a programme',
    operator: 'an operator',
    organiser: 'an organiser',
    event: 'an event',
  },
};

export const organisationKindNames: Dictionary<Record<OrganisationKind, string>> = {
  fr: {
    programme_owner: 'programme de l’État',
    operator: 'opérateur',
    event_organiser: 'organisateur d’événements',
    subcontractor: 'sous-traitant',
  },
  en: {
    programme_owner: 'State programme',
    operator: 'operator',
    event_organiser: 'event organiser',
    subcontractor: 'subcontractor',
  },
};

/** A date as people read it: « 3 mars 2026 ». */
export function formatDate(lang: 'fr' | 'en', iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

export function formatDateTime(lang: 'fr' | 'en', iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short' });
}
