// Types of the HTTP contract (contracts/), for the web app: type-only imports, so no Zod schema is bundled.
import type { z } from 'zod';
import type * as accounts from '../../../contracts/accounts';

export type Role = z.infer<typeof accounts.Grant>['role'];
export type SessionState = z.output<typeof accounts.SessionState>;
export type Grant = z.output<typeof accounts.Grant>;
export type GrantInput = z.input<typeof accounts.GrantInput>;
export type LinkState = z.output<typeof accounts.LinkState>;
export type TotpEnrolment = z.output<typeof accounts.TotpEnrolment>;
export type RecoveryCodes = z.output<typeof accounts.RecoveryCodes>;
export type SessionSummary = z.output<typeof accounts.SessionSummary>;
export type Organisation = z.output<typeof accounts.Organisation>;
export type OrganisationKind = z.output<typeof accounts.OrganisationKind>;
export type ScopeKind = z.output<typeof accounts.ScopeKind>;
export type UserSummary = z.output<typeof accounts.UserSummary>;
export type ReviewItem = z.output<typeof accounts.ReviewItem>;
export type InviteUserRequest = z.input<typeof accounts.InviteUserRequest>;
export type PasskeySummary = z.output<typeof accounts.PasskeySummary>;
export type PasskeyRegistered = z.output<typeof accounts.PasskeyRegistered>;
