// Types of the audit trail's HTTP contract (contracts/audit.ts, docs/api/audit.md), for the review page:
// type-only imports, so no Zod schema is bundled.
import type { z } from 'zod';
import type * as audit from '../../../../contracts/audit';

export type AuditEntry = z.output<typeof audit.AuditEntryView>;
export type AuditResult = AuditEntry['result'];
export type AuditSearchQuery = z.input<typeof audit.AuditSearchQuery>;
export type AuditSearchResult = z.output<typeof audit.AuditSearchResult>;
export type AlertKind = z.output<typeof audit.AlertKind>;
export type AuditAlert = z.output<typeof audit.AuditAlert>;
export type AuditReviewRequest = z.input<typeof audit.AuditReviewRequest>;
export type AuditReview = z.output<typeof audit.AuditReview>;
export type SignedHead = z.output<typeof audit.SignedHead>;
export type VerificationReport = z.output<typeof audit.VerificationReport>;
