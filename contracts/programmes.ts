import { z } from 'zod';

// Programmes, events and stock: the HTTP contract shared by the server and the web app (issue [D]).

/** The four target publics of "Tous aux Jeux" (TAJ-1). */
export const TargetPublic = z.enum(['youth', 'sports_volunteers', 'disability', 'public_agents']);
export type TargetPublic = z.infer<typeof TargetPublic>;

export const GamesCode = z.enum(['olympic', 'paralympic']);
export type GamesCode = z.infer<typeof GamesCode>;
/** Which Games a programme gives tickets for. */
export const ProgrammeGames = z.enum(['olympic', 'paralympic', 'both']);
export type ProgrammeGames = z.infer<typeof ProgrammeGames>;

/**
 * A status an applicant may hold, and that a programme's rules can ask for. Each comes with the proof the
 * programme asks for it (the proof's wording is the programme's own).
 */
export const EligibilityStatus = z.enum([
  'school_pupil',
  'youth_structure_member',
  'sports_volunteer',
  'disability_card',
  'carer',
  'public_agent_category_b',
  'public_agent_category_c',
  'games_involvement',
]);
export type EligibilityStatus = z.infer<typeof EligibilityStatus>;

const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, { error: 'caractère de contrôle interdit (tabulation, saut de ligne…)' });

export const AcceptedStatus = z.object({
  status: EligibilityStatus,
  /** What the applicant must show, e.g. « certificat de scolarité de l’année en cours ». */
  proof: Text(200),
});

/**
 * Eligibility rules, stored as data and checked by code (`modules/programmes/domain/eligibility.ts`):
 * an age range on the date of the event, and requirements that must all be met, each by one of the
 * statuses it accepts.
 */
export const EligibilityRules = z
  .object({
    age: z
      .object({
        min: z.number().int().min(0).max(120).optional(),
        max: z.number().int().min(0).max(120).optional(),
      })
      .refine((age) => age.min === undefined || age.max === undefined || age.min <= age.max, {
        error: 'l’âge minimum ne peut pas dépasser l’âge maximum',
        path: ['max'],
      })
      .optional(),
    requirements: z
      .array(z.object({ anyOf: z.array(AcceptedStatus).min(1).max(8) }))
      .max(6)
      .default([]),
  })
  .meta({ id: 'EligibilityRules' });
export type EligibilityRules = z.infer<typeof EligibilityRules>;

export const ProgrammeInput = z.object({
  name: Text(120),
  targetPublic: TargetPublic,
  games: ProgrammeGames,
  eligibility: EligibilityRules,
  /** How many ranked event choices an applicant may give (the draw of issue [F] honours them). */
  maxEventChoices: z.number().int().min(1).max(10).default(3),
  /**
   * TAJ-17: whether the reclaim deadline of the Games also takes back the programme's tickets issued but not
   * yet delivered to their holder (status `issued`). Off by default: only unassigned seats are reclaimed.
   */
  reclaimUndeliveredTickets: z.boolean().default(false),
});
export type ProgrammeInput = z.input<typeof ProgrammeInput>;

export const OperatorRef = z.object({ id: z.uuid(), name: z.string() }).meta({ id: 'OperatorRef' });

export const Programme = z
  .object({
    id: z.uuid(),
    name: z.string(),
    targetPublic: TargetPublic,
    games: ProgrammeGames,
    eligibility: EligibilityRules,
    maxEventChoices: z.number().int(),
    reclaimUndeliveredTickets: z.boolean(),
    operators: z.array(OperatorRef),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Programme' });
export type Programme = z.infer<typeof Programme>;

export const AttachOperatorRequest = z.object({ operatorId: z.uuid() });

/** The Games: dates and the deadline after which unassigned tickets go back to the State pool (TAJ-17). */
export const Games = z
  .object({
    code: GamesCode,
    opensAt: z.string(),
    closesAt: z.string(),
    reclaimDeadline: z.string(),
    /** When the deadline job returned the unassigned tickets; null until then. */
    reclaimedAt: z.string().nullable(),
  })
  .meta({ id: 'Games' });
export type Games = z.infer<typeof Games>;

export const GamesUpdate = z
  .object({
    opensAt: z.iso.datetime({ offset: true }),
    closesAt: z.iso.datetime({ offset: true }),
    reclaimDeadline: z.iso.datetime({ offset: true }),
    /**
     * Once the reclaim of these Games has run, a new deadline means a second reclaim (of the tickets
     * reallocated since): it must be asked for explicitly.
     */
    newReclaim: z.boolean().default(false),
  })
  .refine((games) => Date.parse(games.closesAt) > Date.parse(games.opensAt), {
    error: 'la clôture des Jeux doit suivre leur ouverture',
    path: ['closesAt'],
  });
export type GamesUpdate = z.infer<typeof GamesUpdate>;

export const EventKind = z.enum(['competition', 'ceremony']);
export type EventKind = z.infer<typeof EventKind>;

/** A ticket category: « D », « C », « PMR »… (letters, digits, hyphens; up to 20 characters). */
export const TicketCategory = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} -]*$/u, {
    error: 'catégorie invalide : lettres, chiffres, espaces et tirets (par exemple « C » ou « PMR »)',
  });

/** A wall-clock time in Paris: `2024-07-27T10:30` (seconds allowed, no offset). */
export const ParisDateTime = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, {
    error: 'date et heure attendues au format AAAA-MM-JJTHH:MM (heure de Paris)',
  });

export const StockCount = z
  .number()
  .int({ error: 'le nombre de billets doit être un nombre entier' })
  .min(1, { error: 'le nombre de billets doit être au moins 1' })
  .max(1_000_000, { error: 'le nombre de billets ne peut pas dépasser 1 000 000 par opération' });

export const EventInput = z.object({
  /** The organiser's reference of the session, unique (e.g. ATH-0802-S1); re-imports match on it. */
  code: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
      error: 'code invalide : lettres sans accents, chiffres, points, tirets et soulignés',
    }),
  games: GamesCode,
  kind: EventKind,
  sport: Text(80),
  discipline: Text(120),
  venue: Text(120),
  startsAtParis: ParisDateTime,
  stock: z
    .array(z.object({ category: TicketCategory, count: StockCount }))
    .max(20)
    .default([]),
});
export type EventInput = z.input<typeof EventInput>;

/** `PUT /api/v1/events/{eventId}/organiser`: the event organiser (an `event_organiser` organisation), or none. */
export const EventOrganiserRequest = z.strictObject({ organiserId: z.uuid().nullable() });
export type EventOrganiserRequest = z.infer<typeof EventOrganiserRequest>;

export const StockLine = z.object({ category: z.string(), count: z.number().int() });

export const SportEvent = z
  .object({
    id: z.uuid(),
    code: z.string(),
    games: GamesCode,
    kind: EventKind,
    sport: z.string(),
    discipline: z.string(),
    venue: z.string(),
    startsAt: z.string(),
    /** The same instant as a Paris wall-clock time, `2024-07-27T10:30`. */
    startsAtParis: z.string(),
    /** The event organiser whose stadium-ban registry covers the event (issue [H]); null until set. */
    organiserId: z.uuid().nullable(),
    /** Tickets supplied for the event, per category (from the ledger). */
    stock: z.array(StockLine),
  })
  .meta({ id: 'SportEvent' });
export type SportEvent = z.infer<typeof SportEvent>;

export const StockChangeRequest = z.object({
  category: TicketCategory,
  direction: z.enum(['add', 'remove']),
  count: StockCount,
  reason: Text(500),
});

export const ImportReport = z
  .object({
    rows: z.number().int(),
    created: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.array(z.object({ line: z.number().int(), code: z.string().nullable(), reason: z.string() })),
  })
  .meta({ id: 'EventImportReport' });
export type ImportReport = z.infer<typeof ImportReport>;

/** A level of the cascade: the State pool, a programme, or an operator within a programme. */
export const StockHolderRef = z.discriminatedUnion('level', [
  z.object({ level: z.literal('pool') }),
  z.object({ level: z.literal('programme'), programmeId: z.uuid() }),
  z.object({ level: z.literal('operator'), programmeId: z.uuid(), operatorId: z.uuid() }),
]);
export type StockHolderRef = z.infer<typeof StockHolderRef>;

export const TransferLine = z.object({ eventId: z.uuid(), category: TicketCategory, quantity: StockCount });

export const TransferRequest = z.object({
  from: StockHolderRef,
  to: StockHolderRef,
  lines: z.array(TransferLine).min(1).max(500),
  /** Why: kept in the ledger with the movement. */
  reason: Text(500),
});
export type TransferRequest = z.input<typeof TransferRequest>;

/** An operator gives tickets back to its programme (a withdrawal it cannot reassign, a surplus). */
export const OperatorReturnRequest = z.object({
  programmeId: z.uuid(),
  lines: z.array(TransferLine).min(1).max(500),
  reason: Text(500),
});

export const MovementKind = z.enum(['supply', 'supply_removed', 'allocation', 'return', 'reclaim']);
export type MovementKind = z.infer<typeof MovementKind>;

export const HolderView = z.object({
  level: z.enum(['supplier', 'pool', 'programme', 'operator']),
  programmeId: z.uuid().nullable(),
  programmeName: z.string().nullable(),
  operatorId: z.uuid().nullable(),
  operatorName: z.string().nullable(),
});

export const Movement = z
  .object({
    id: z.string(),
    at: z.string(),
    kind: MovementKind,
    /** A user's display name, or « système » for a scheduled job. */
    actor: z.string(),
    eventId: z.uuid(),
    eventCode: z.string(),
    category: z.string(),
    quantity: z.number().int(),
    from: HolderView,
    to: HolderView,
    reason: z.string(),
  })
  .meta({ id: 'StockMovement' });
export type Movement = z.infer<typeof Movement>;

export const TransferResult = z.object({ movements: z.array(Movement) }).meta({ id: 'TransferResult' });

/** Tickets held at one level for one event and category, derived from the ledger. */
export const Balance = z.object({
  level: z.enum(['pool', 'programme', 'operator']),
  programmeId: z.uuid().nullable(),
  operatorId: z.uuid().nullable(),
  eventId: z.uuid(),
  category: z.string(),
  quantity: z.number().int(),
});
export type Balance = z.infer<typeof Balance>;

const Totals = z.object({
  pool: z.number().int(),
  programmes: z.number().int(),
  operators: z.number().int(),
});

export const StockSummary = z
  .object({
    /** Every ticket supplied, and where each one is now (TAJ-2). */
    totals: Totals.extend({ supplied: z.number().int(), reclaimed: z.number().int() }),
    byGames: z.array(Totals.extend({ games: GamesCode, supplied: z.number().int() })),
    byProgramme: z.array(
      z.object({
        programmeId: z.uuid(),
        name: z.string(),
        targetPublic: TargetPublic,
        held: z.number().int(),
        withOperators: z.number().int(),
      }),
    ),
    byOperator: z.array(
      z.object({
        programmeId: z.uuid(),
        programmeName: z.string(),
        operatorId: z.uuid(),
        name: z.string(),
        held: z.number().int(),
      }),
    ),
    byEvent: z.array(
      Totals.extend({
        eventId: z.uuid(),
        code: z.string(),
        games: GamesCode,
        sport: z.string(),
        startsAt: z.string(),
        supplied: z.number().int(),
      }),
    ),
    /** Tickets moved per day (Paris date) and kind: the timeline of the ledger. */
    timeline: z.array(z.object({ day: z.string(), kind: MovementKind, quantity: z.number().int() })),
    balances: z.array(Balance),
  })
  .meta({ id: 'StockSummary' });
export type StockSummary = z.infer<typeof StockSummary>;

export const OperatorStock = z
  .object({
    operator: OperatorRef,
    programmes: z.array(
      z.object({
        programmeId: z.uuid(),
        name: z.string(),
        held: z.number().int(),
        byEvent: z.array(
          z.object({
            eventId: z.uuid(),
            code: z.string(),
            sport: z.string(),
            discipline: z.string(),
            venue: z.string(),
            startsAt: z.string(),
            category: z.string(),
            quantity: z.number().int(),
          }),
        ),
      }),
    ),
    movements: z.array(Movement),
    reclaims: z.array(z.object({ games: GamesCode, at: z.string(), quantity: z.number().int() })),
  })
  .meta({ id: 'OperatorStock' });
export type OperatorStock = z.infer<typeof OperatorStock>;

export const ReclaimReport = z
  .object({
    id: z.uuid(),
    games: GamesCode,
    deadline: z.string(),
    ranAt: z.string(),
    total: z.number().int(),
    lines: z.array(
      z.object({
        programmeId: z.uuid(),
        programmeName: z.string(),
        operatorId: z.uuid().nullable(),
        operatorName: z.string().nullable(),
        quantity: z.number().int(),
      }),
    ),
    operatorsNotified: z.number().int(),
  })
  .meta({ id: 'ReclaimReport' });
export type ReclaimReport = z.infer<typeof ReclaimReport>;

/** Whether this installation holds the demonstration dataset (`gradins demo`). */
export const InstanceInfo = z
  .object({
    demo: z
      .object({
        loadedAt: z.string(),
        /** Paris 2024 shifted by this many days so the Games open about three months after loading. */
        shiftDays: z.number().int(),
        olympicOpening: z.string(),
      })
      .nullable(),
  })
  .meta({ id: 'InstanceInfo' });
export type InstanceInfo = z.infer<typeof InstanceInfo>;
