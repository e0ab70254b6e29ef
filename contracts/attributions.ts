import { z } from 'zod';
import { QuotaInput } from './draws.js';

/** Manual attribution (TAJ-11, docs/api/draws.md « Attribution manuelle »): a decision first, then seats. */

export const ManualDecisionRequest = z.object({
  programmeId: z.uuid(),
  /** Only on the programme administrator's route: the operator whose stock is attributed (none: the programme's). */
  operatorId: z.uuid().optional(),
  /** Why a draw is impossible here (seed 1 §3.1: « les circonstances particulières… exposées dans la procédure écrite »). */
  circumstances: z.string().trim().min(20).max(4000),
  /** The attribution criteria, stated before any seat is attributed. */
  criteria: z.string().trim().min(20).max(4000),
  /** Seats per event the decision may attribute; by default the bucket's stock balance of each event. */
  quotas: z.array(QuotaInput).min(1).max(2000).optional(),
});

export const ManualAttributionRequest = z.object({
  /** A confirmed application of the decision's bucket: a person, a group's manager, or one of a carer pair. */
  applicantId: z.uuid(),
  eventId: z.uuid(),
  /** Which of the decision's criteria applies to this attribution. */
  criterion: z.string().trim().min(3).max(1000),
});

export const ManualAttributionView = z.object({
  id: z.uuid(),
  decisionId: z.uuid(),
  applicantId: z.uuid(),
  /** The application's pseudonymous reference, and the holder's name (the control report needs it). */
  entryRef: z.string(),
  holder: z.string(),
  kind: z.enum(['person', 'group', 'carer_pair']),
  eventId: z.uuid(),
  event: z.string(),
  seats: z.number().int(),
  criterion: z.string(),
  attributedBy: z.uuid(),
  attributedAt: z.string(),
});
export type ManualAttributionView = z.infer<typeof ManualAttributionView>;

export const ManualDecisionView = z.object({
  id: z.uuid(),
  programmeId: z.uuid(),
  operatorId: z.uuid().nullable(),
  bucket: z.string(),
  circumstances: z.string(),
  criteria: z.string(),
  decidedBy: z.uuid(),
  decidedAt: z.string(),
  quotas: z.array(
    z.object({ eventId: z.uuid(), event: z.string(), seats: z.number().int(), attributed: z.number().int() }),
  ),
  attributions: z.array(ManualAttributionView),
});
export type ManualDecisionView = z.infer<typeof ManualDecisionView>;
