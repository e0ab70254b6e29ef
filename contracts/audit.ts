import { z } from 'zod';

// The audit trail's HTTP contract (issue [C]), shared by the server and the web app.

export const AuditEntryView = z
  .object({
    id: z.number().int(),
    occurredAt: z.string(),
    actor: z.string(),
    /** Display name of the actor when it is a user of the platform; the id otherwise. */
    actorLabel: z.string(),
    organisationId: z.string().nullable(),
    action: z.string(),
    targetTable: z.string().nullable(),
    targetIds: z.array(z.string()).nullable(),
    result: z.enum(['success', 'denied', 'failure']),
    requestId: z.string().nullable(),
    sourceIp: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntryView = z.infer<typeof AuditEntryView>;

const IsoDateTime = z.iso.datetime({ offset: true });

export const AuditSearchQuery = z
  .object({
    actor: z.string().trim().max(100).optional(),
    action: z
      .string()
      .trim()
      .max(100)
      .optional()
      .describe('Exact action, or a prefix ending with "." (accounts.)'),
    targetTable: z.string().trim().max(60).optional(),
    targetId: z.string().trim().max(100).optional(),
    result: z.enum(['success', 'denied', 'failure']).optional(),
    from: IsoDateTime.optional(),
    to: IsoDateTime.optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((query) => !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to), {
    error: 'la date de début doit précéder la date de fin',
    path: ['to'],
  });

export const AuditSearchResult = z
  .object({
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    entries: z.array(AuditEntryView),
  })
  .meta({ id: 'AuditSearchResult' });

export const AlertKind = z.enum([
  'bulk_reads',
  'export',
  'outside_working_hours',
  'repeated_denials',
  'ban_data_read',
  'grant_change',
]);
export type AlertKind = z.infer<typeof AlertKind>;

export const AuditAlert = z
  .object({
    kind: AlertKind,
    actor: z.string(),
    actorLabel: z.string(),
    /** Entries behind the alert. */
    count: z.number().int(),
    /** Records they concern (target ids; an entry without any counts as one). */
    records: z.number().int(),
    firstAt: z.string(),
    lastAt: z.string(),
    /** Entries behind the alert (at most 20), to open in the search. */
    entryIds: z.array(z.number().int()),
  })
  .meta({ id: 'AuditAlert' });

export const AlertsQuery = z
  .object({ from: IsoDateTime, to: IsoDateTime })
  .refine((query) => Date.parse(query.from) < Date.parse(query.to), {
    error: 'la date de début doit précéder la date de fin',
    path: ['to'],
  });

export const AuditReviewRequest = z
  .object({
    periodFrom: IsoDateTime,
    periodTo: IsoDateTime,
    findings: z.string().trim().min(3).max(5000),
    alertsSeen: z.number().int().min(0).max(1_000_000),
  })
  .refine((review) => Date.parse(review.periodFrom) < Date.parse(review.periodTo), {
    error: 'la période doit commencer avant de finir',
    path: ['periodTo'],
  });

export const AuditReview = z
  .object({
    id: z.uuid(),
    reviewerId: z.uuid(),
    reviewerLabel: z.string(),
    periodFrom: z.string(),
    periodTo: z.string(),
    findings: z.string(),
    alertsSeen: z.number().int(),
    signedAt: z.string(),
    keyId: z.string(),
    signature: z.string(),
  })
  .meta({ id: 'AuditReview' });

export const SignedHead = z
  .object({
    shard: z.string(),
    treeSize: z.number().int(),
    rootHash: z.string(),
    previousShardRoot: z.string().nullable(),
    kind: z.enum(['checkpoint', 'final']),
    issuedAt: z.string(),
    keyId: z.string(),
    signature: z.string(),
  })
  .meta({ id: 'SignedHead' });

export const VerificationReport = z
  .object({
    conforme: z.boolean(),
    entries: z.number().int(),
    heads: z.number().int(),
    findings: z.array(
      z.object({
        shard: z.string(),
        leafIndex: z.number().int().optional(),
        entryId: z.number().int().optional(),
        headSize: z.number().int().optional(),
        message: z.string(),
      }),
    ),
  })
  .meta({ id: 'VerificationReport' });
