// Types of the draws contract (contracts/draws.ts), for the pages: type-only, so no Zod schema is bundled.
import type { z } from 'zod';
import type * as draws from '../../../../contracts/draws';

export type DrawStatus = z.output<typeof draws.DrawStatus>;
export type DrawSetupRequest = z.input<typeof draws.DrawSetupRequest>;
export type CommitRequest = z.input<typeof draws.CommitRequest>;
export type PublicDraw = z.output<typeof draws.PublicDraw>;
export type PublicDrawDetail = z.output<typeof draws.PublicDrawDetail>;
export type InclusionProofView = z.output<typeof draws.InclusionProofView>;

/** The progress of a background run (docs/api/draws.md, « Running in the background »). */
export interface DrawRunning {
  phase: 'reading' | 'numbering' | 'allocating' | 'writing' | 'signing';
  done: number;
  total: number;
  startedAt: string;
}

/**
 * A draw as the operator's pages see it. `running` and `runError` are those of the background run; a server
 * that runs draws synchronously sends neither, and the page then shows an indeterminate progress indicator.
 */
export type DrawView = z.output<typeof draws.DrawView> & {
  running?: DrawRunning | null;
  runError?: { code: string; detail: string } | null;
};
