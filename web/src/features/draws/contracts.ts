// Types of the draws contract (contracts/draws.ts), for the pages: type-only, so no Zod schema is bundled.
import type { z } from 'zod';
import type * as draws from '../../../../contracts/draws';

export type DrawStatus = z.output<typeof draws.DrawStatus>;
export type DrawSetupRequest = z.input<typeof draws.DrawSetupRequest>;
export type CommitRequest = z.input<typeof draws.CommitRequest>;
export type PublicDraw = z.output<typeof draws.PublicDraw>;
export type PublicDrawDetail = z.output<typeof draws.PublicDrawDetail>;
export type InclusionProofView = z.output<typeof draws.InclusionProofView>;

/** The progress of a background run (docs/api/draws.md): `done`/`total` entries within the phase. */
export type DrawRunning = z.output<typeof draws.DrawRunProgress>;
/** A draw as the operator's pages see it, with `running` while the server runs it in the background. */
export type DrawView = z.output<typeof draws.DrawView>;
