// Types of the gate contract (contracts/gate.ts), for the pages: type-only, so no Zod schema is bundled.
import type { z } from 'zod';
import type * as gate from '../../../../contracts/gate';

export type GateEvent = z.output<typeof gate.GateEvent>;
export type GatePack = z.output<typeof gate.GatePack>;
export type CheckInResult = z.output<typeof gate.CheckInResult>;
export type SyncRequest = z.input<typeof gate.SyncRequest>;
export type SyncResult = z.output<typeof gate.SyncResult>;
export type DoubleEntry = z.output<typeof gate.DoubleEntry>;
export type GateReason = z.output<typeof gate.GateReason>;
