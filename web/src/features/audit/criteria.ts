// The search of the audit page lives in the address (?action=accounts.&du=…): pagination links, the back button
// and the alerts' "search their entries" all work by changing it, and a search can be shared with a colleague.
import type { AuditResult, AuditSearchQuery } from './contracts';
import { endOfParisField, fromParisField } from './time';

export interface AuditCriteria {
  actor: string;
  action: string;
  targetTable: string;
  targetId: string;
  result: AuditResult | '';
  /** Paris wall-clock "YYYY-MM-DDTHH:mm", as in the date-time fields. */
  from: string;
  to: string;
  page: number;
}

export const PAGE_SIZE = 50;

const names = {
  actor: 'auteur',
  action: 'action',
  targetTable: 'table',
  targetId: 'enregistrement',
  result: 'resultat',
  from: 'du',
  to: 'au',
  page: 'page',
} as const;

const results: readonly string[] = ['success', 'denied', 'failure'];

export function criteriaFromParams(
  params: URLSearchParams,
  defaultPeriod: { from: string; to: string },
): AuditCriteria {
  const text = (name: string) => params.get(name)?.trim() ?? '';
  const result = text(names.result);
  const page = Number.parseInt(text(names.page), 10);
  const from = text(names.from);
  const to = text(names.to);
  return {
    actor: text(names.actor),
    action: text(names.action),
    targetTable: text(names.targetTable),
    targetId: text(names.targetId),
    result: results.includes(result) ? (result as AuditResult) : '',
    from: fromParisField(from) === undefined ? defaultPeriod.from : from,
    to: fromParisField(to) === undefined ? defaultPeriod.to : to,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

export function paramsFromCriteria(criteria: AuditCriteria): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['actor', 'action', 'targetTable', 'targetId', 'result', 'from', 'to'] as const) {
    const value = criteria[key].trim();
    if (value !== '') params.set(names[key], value);
  }
  if (criteria.page > 1) params.set(names.page, String(criteria.page));
  return params;
}

/** The period as the API takes it: ISO instants, the end minute included. */
export function periodOf(criteria: { from: string; to: string }): { from: string; to: string } | undefined {
  const from = fromParisField(criteria.from);
  const to = endOfParisField(criteria.to);
  if (from === undefined || to === undefined || from >= to) return undefined;
  return { from: from.toISOString(), to: to.toISOString() };
}

/** The query string of GET /api/v1/audit/entries. */
export function entriesQuery(criteria: AuditCriteria): string {
  const query: Record<string, string> = {};
  const add = (name: keyof AuditSearchQuery, value: string) => {
    if (value.trim() !== '') query[name] = value.trim();
  };
  add('actor', criteria.actor);
  add('action', criteria.action);
  add('targetTable', criteria.targetTable);
  add('targetId', criteria.targetId);
  add('result', criteria.result);
  const period = periodOf(criteria);
  if (period !== undefined) {
    query.from = period.from;
    query.to = period.to;
  }
  query.page = String(criteria.page);
  query.pageSize = String(PAGE_SIZE);
  return new URLSearchParams(query).toString();
}
