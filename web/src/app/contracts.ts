// Types of the HTTP contract (contracts/), for the web app: type-only imports, so no Zod schema is bundled.
import type { z } from 'zod';
import type * as accounts from '../../../contracts/accounts';
import type * as programmes from '../../../contracts/programmes';
import type * as applicantContracts from '../../../contracts/applicants';

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

export type TargetPublic = z.output<typeof programmes.TargetPublic>;
export type GamesCode = z.output<typeof programmes.GamesCode>;
export type ProgrammeGames = z.output<typeof programmes.ProgrammeGames>;
export type EligibilityStatus = z.output<typeof programmes.EligibilityStatus>;
export type EligibilityRules = z.output<typeof programmes.EligibilityRules>;
export type Programme = z.output<typeof programmes.Programme>;
export type ProgrammeInput = z.input<typeof programmes.ProgrammeInput>;
export type Games = z.output<typeof programmes.Games>;
export type SportEvent = z.output<typeof programmes.SportEvent>;
export type EventInput = z.input<typeof programmes.EventInput>;
export type ImportReport = z.output<typeof programmes.ImportReport>;
export type StockHolderRef = z.input<typeof programmes.StockHolderRef>;
export type TransferRequest = z.input<typeof programmes.TransferRequest>;
export type Movement = z.output<typeof programmes.Movement>;
export type MovementKind = z.output<typeof programmes.MovementKind>;
export type StockSummary = z.output<typeof programmes.StockSummary>;
export type OperatorStock = z.output<typeof programmes.OperatorStock>;
export type ReclaimReport = z.output<typeof programmes.ReclaimReport>;
export type InstanceInfo = z.output<typeof programmes.InstanceInfo>;
export interface OperatorSummary {
  id: string;
  name: string;
  programmeIds: string[];
}

export type ApplicationForm = z.output<typeof applicantContracts.ApplicationForm>;
export type ApplicationRequest = z.input<typeof applicantContracts.ApplicationRequest>;
export type ApplicationSubmitted = z.output<typeof applicantContracts.ApplicationSubmitted>;
export type ApplicationConfirmed = z.output<typeof applicantContracts.ApplicationConfirmed>;
export type PostGamesContactRequest = z.input<typeof applicantContracts.PostGamesContactRequest>;
export type GroupApplicationRequest = z.input<typeof applicantContracts.GroupApplicationRequest>;
export type NoticeVersion = z.output<typeof applicantContracts.NoticeVersion>;
export type MyApplication = z.output<typeof applicantContracts.MyApplication>;
export type ChoosableEvent = z.output<typeof applicantContracts.ChoosableEvent>;
export type MyDrawEntry = z.output<typeof applicantContracts.MyDrawEntry>;
export type ApplicantSummary = z.output<typeof applicantContracts.ApplicantSummary>;
export type ApplicantDetail = z.output<typeof applicantContracts.ApplicantDetail>;
export type ApplicantPage = z.output<typeof applicantContracts.ApplicantPage>;
export type ImportProgress = z.output<typeof applicantContracts.ImportProgress>;
export type PersonIdentity = z.output<typeof applicantContracts.PersonIdentity>;
export type FollowUpLinkRequest = z.input<typeof applicantContracts.FollowUpLinkRequest>;
export type EraseApplicantRequest = z.input<typeof applicantContracts.EraseApplicantRequest>;
