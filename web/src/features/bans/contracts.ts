// Types of the stadium-ban registry's HTTP contract (contracts/bans.ts, docs/api/bans.md), for its pages:
// type-only imports, so no Zod schema is bundled.
import type { z } from 'zod';
import type * as bans from '../../../../contracts/bans';

export type BanInput = z.input<typeof bans.BanInput>;
export type BanSummary = z.output<typeof bans.BanSummary>;
export type BanDetail = z.output<typeof bans.BanDetail>;
export type BanStatus = z.output<typeof bans.BanStatus>;
export type BanKind = BanSummary['kind'];
export type BanRemovalCause = z.output<typeof bans.BanRemovalCause>;
export type BanImportReport = z.output<typeof bans.BanImportReport>;
export type ScreeningCase = z.output<typeof bans.ScreeningCase>;
export type ScreeningCaseStatus = z.output<typeof bans.ScreeningCaseStatus>;
export type ScreeningDecision = z.input<typeof bans.ScreeningDecision>;
export type BanRegistrySettings = z.output<typeof bans.BanRegistrySettings>;
export type InformationLetterSending = z.input<typeof bans.InformationLetterSending>;
export type RightsRequestInput = z.input<typeof bans.RightsRequestInput>;
export type RightsRequestAnswer = z.input<typeof bans.RightsRequestAnswer>;
export type RightsRequest = z.output<typeof bans.RightsRequest>;
export type RightsRequestKind = RightsRequest['kind'];
export type RightsRequestOutcome = z.output<typeof bans.RightsRequestOutcome>;

/** `GET …/ban-purges` (declared in the route, src/modules/bans/routes.ts). */
export interface BanPurge {
  at: string;
  cause: 'expired' | 'annulled' | 'overturned' | 'amnestied';
  bans: number;
  photos: number;
}
