import { z } from 'zod';
import { IsoDate, Name } from './applicants.js';

// The stadium-ban registry (issue [H], CNIL AU-42): the HTTP contract shared by the server and the web app.
// Every object is strict: a field AU-42 does not allow (first of all the reasons of a ban, which may never be
// stored) is refused, never silently dropped.

/** Set on every strict object: the server maps it to the `ban-field-not-allowed` problem. */
export const NOT_ALLOWED_BY_AU42 = 'champ non autorisé par l’autorisation unique AU-42';
const onlyAu42 = {
  error: (issue: { code?: string }) => (issue.code === 'unrecognized_keys' ? NOT_ALLOWED_BY_AU42 : undefined),
};

/** Free text without control characters (an address, a place). */
const Text = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: `${what} requis` })
    .max(max, { error: `${what} : ${max} caractères au plus` })
    .regex(/^[^\p{Cc}]*$/u, { error: `${what} : caractères de contrôle interdits` });

/** AU-42 art. 3, identification: surname, first name, address, date and place of birth (photograph apart). */
export const BanIdentity = z.strictObject(
  {
    surname: Name('nom'),
    firstName: Name('prénom'),
    /** Only when collected by a legitimate means (a subscription, a ticket purchase): AU-42 art. 3. */
    address: Text('adresse', 300).nullable().default(null),
    birthDate: IsoDate,
    birthPlace: Text('lieu de naissance', 100),
  },
  onlyAu42,
);
export type BanIdentity = z.infer<typeof BanIdentity>;

/** A judicial ban (complementary penalty): the decision's date and the penalty's duration. */
export const JudicialMeasure = z.strictObject(
  {
    kind: z.literal('judicial'),
    decisionDate: IsoDate,
    durationMonths: z
      .number()
      .int({ error: 'durée : un nombre entier de mois' })
      .min(1, { error: 'durée : un mois au moins' })
      .max(120, { error: 'durée : dix ans au plus' }),
  },
  onlyAu42,
);

/**
 * An administrative ban (prefect's order): venues (and their surroundings) forbidden, types of events
 * concerned (the sports of the organiser's events), the order's date and last day of validity, the duty to
 * answer summons.
 */
export const AdministrativeMeasure = z.strictObject(
  {
    kind: z.literal('administrative'),
    forbiddenVenues: z
      .array(Text('enceinte', 200))
      .min(1, { error: 'enceintes interdites : une au moins' })
      .max(50, { error: 'enceintes interdites : 50 au plus' }),
    /** The order forbids the surroundings of those venues too. */
    includesSurroundings: z.boolean(),
    eventTypes: z
      .array(Text('type de manifestation', 100))
      .min(1, { error: 'types de manifestations : un au moins' })
      .max(50, { error: 'types de manifestations : 50 au plus' }),
    orderDate: IsoDate,
    /** The last day the order is valid. */
    validUntil: IsoDate,
    mustAnswerSummons: z.boolean(),
  },
  onlyAu42,
);

export const BanMeasure = z.discriminatedUnion('kind', [JudicialMeasure, AdministrativeMeasure]);
export type BanMeasure = z.infer<typeof BanMeasure>;

/** A ban entered by hand or changed: the whole record, and nothing else. */
export const BanInput = z.strictObject({ identity: BanIdentity, measure: BanMeasure }, onlyAu42).meta({
  id: 'BanInput',
});
export type BanInput = z.infer<typeof BanInput>;

export const BanStatus = z.enum(['not_yet_in_force', 'in_force', 'suspended', 'ended']);
export type BanStatus = z.infer<typeof BanStatus>;

const Period = {
  /** First Paris day of effect. */
  startsOn: IsoDate,
  /** Last Paris day of effect; the ban is deleted the day after. */
  lastDay: IsoDate,
  status: BanStatus,
};

export const BanSummary = z
  .object({
    id: z.uuid(),
    kind: z.enum(['judicial', 'administrative']),
    surname: z.string(),
    firstName: z.string(),
    birthDate: z.string(),
    ...Period,
    hasPhoto: z.boolean(),
  })
  .meta({ id: 'BanSummary' });
export type BanSummary = z.infer<typeof BanSummary>;

export const BanDetail = z
  .object({
    id: z.uuid(),
    identity: z.object({
      surname: z.string(),
      firstName: z.string(),
      address: z.string().nullable(),
      birthDate: z.string(),
      birthPlace: z.string(),
    }),
    measure: z.union([
      JudicialMeasure.extend({ kind: z.literal('judicial') }),
      AdministrativeMeasure.extend({ kind: z.literal('administrative') }),
    ]),
    ...Period,
    suspendedAt: z.string().nullable(),
    hasPhoto: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'BanDetail' });
export type BanDetail = z.infer<typeof BanDetail>;

/** Why a ban is deleted at once (AU-42 art. 4): a penalty overturned or amnestied, an order annulled. */
export const BanRemovalCause = z.enum(['overturned', 'amnestied', 'annulled']);
export type BanRemovalCause = z.infer<typeof BanRemovalCause>;

/** The report of a prefecture list import: good lines are kept, each rejected one says why (no personal value). */
export const BanImportReport = z
  .object({
    rowsRead: z.number().int(),
    rowsCreated: z.number().int(),
    rowsRejected: z.number().int(),
    rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })),
    createdIds: z.array(z.uuid()),
  })
  .meta({ id: 'BanImportReport' });
export type BanImportReport = z.infer<typeof BanImportReport>;
