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
    /** When and how the person was last informed of their entry (BAN-5, AU-42 art. 6); null until then. */
    informedAt: z.string().nullable(),
    informedBy: z.enum(['post', 'email', 'in_person']).nullable(),
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

// ——— Screening at issuance (BAN-6) ———

/** What a possible match is: the same identity key, or a near match (names or birth date, `screening.ts`). */
export const ScreeningMatch = z.enum(['exact', 'close']);
export const ScreeningCaseStatus = z.enum(['pending', 'confirmed', 'dismissed', 'lapsed']);
export type ScreeningCaseStatus = z.infer<typeof ScreeningCaseStatus>;

/**
 * A possible match for a ban officer to decide (`GET …/screening-cases`): the ticket holder as the application
 * names them, beside the ban they may match. For ban officers only; operators see the ticket's status alone.
 */
export const ScreeningCase = z
  .object({
    id: z.uuid(),
    status: ScreeningCaseStatus,
    /** `issuance`: the ticket waits (`screening`); `new_ban`: an issued ticket, revoked if confirmed. */
    trigger: z.enum(['issuance', 'new_ban']),
    match: ScreeningMatch,
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
    event: z.object({ id: z.uuid(), name: z.string(), startsAt: z.string(), venue: z.string() }),
    ticket: z.object({ id: z.string(), status: z.string() }),
    /**
     * The holder as their application names them (null once the application is erased); for a group seat, the
     * participant the manager named (null until named), never the manager.
     */
    holder: z.object({ surname: z.string(), firstNames: z.string(), birthDate: z.string() }).nullable(),
    ban: z.object({
      id: z.uuid(),
      kind: z.enum(['judicial', 'administrative']),
      surname: z.string(),
      firstName: z.string(),
      birthDate: z.string(),
      birthPlace: z.string(),
      startsOn: IsoDate,
      lastDay: IsoDate,
      hasPhoto: z.boolean(),
    }),
  })
  .meta({ id: 'ScreeningCase' });
export type ScreeningCase = z.infer<typeof ScreeningCase>;

/** `POST …/screening-cases/{caseId}/decision`: confirm (refused or revoked, the seat to the reserve list) or dismiss. */
export const ScreeningDecision = z.strictObject({ decision: z.enum(['confirm', 'dismiss']) });
export type ScreeningDecision = z.infer<typeof ScreeningDecision>;

// ——— Information and rights (BAN-5, AU-42 art. 6) ———

/** `GET`/`PUT …/ban-registry`: who the information letter names as controller, recipients, rights service. */
export const BanRegistrySettings = z
  .strictObject({
    controllerName: Text('responsable du traitement', 200),
    controllerAddress: Text('adresse du responsable', 300),
    recipients: Text('destinataires', 500),
    rightsServiceAddress: Text('adresse du service des droits', 300),
    rightsServiceEmail: z.email({ error: 'adresse électronique du service des droits invalide' }).max(254),
  })
  .meta({ id: 'BanRegistrySettings' });
export type BanRegistrySettings = z.infer<typeof BanRegistrySettings>;

/**
 * `POST …/bans/{banId}/information-letter`: send it by e-mail to `email` (used once, never stored: AU-42 lists
 * no e-mail field), or record that it was posted or handed over. `GET …/information-letter.pdf` gives the PDF.
 */
export const InformationLetterSending = z.strictObject(
  {
    channel: z.enum(['post', 'email', 'in_person']),
    email: z.email({ error: 'adresse électronique invalide' }).max(254).optional(),
  },
  onlyAu42,
);
export type InformationLetterSending = z.infer<typeof InformationLetterSending>;

export const RightsRequestKind = z.enum(['access', 'rectification', 'opposition']);
export const RightsRequestOutcome = z.enum([
  'data_sent',
  'not_in_registry',
  'rectified',
  'rectification_refused',
  'opposition_accepted',
  'opposition_rejected',
]);

/** `POST …/rights-requests`: a request received by the designated service. No field for its grounds. */
export const RightsRequestInput = z.strictObject(
  {
    kind: RightsRequestKind,
    receivedOn: IsoDate,
    /** The requester's name and how to answer them (encrypted at rest). */
    requester: Text('demandeur', 300),
    /** The ban the request is about, when the person is in the registry. */
    banId: z.uuid().nullable().default(null),
  },
  onlyAu42,
);
export type RightsRequestInput = z.infer<typeof RightsRequestInput>;

/** `POST …/rights-requests/{requestId}/answer`. */
export const RightsRequestAnswer = z.strictObject(
  { outcome: RightsRequestOutcome, answeredOn: IsoDate },
  onlyAu42,
);
export type RightsRequestAnswer = z.infer<typeof RightsRequestAnswer>;

export const RightsRequest = z
  .object({
    id: z.uuid(),
    kind: RightsRequestKind,
    receivedOn: z.string(),
    /** One month after receipt (GDPR art. 12(3)). */
    dueOn: z.string(),
    overdue: z.boolean(),
    requester: z.string(),
    banId: z.uuid().nullable(),
    status: z.enum(['open', 'answered']),
    outcome: RightsRequestOutcome.nullable(),
    answeredOn: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'RightsRequest' });
export type RightsRequest = z.infer<typeof RightsRequest>;

/**
 * `GET …/bans/{banId}/export` (right of access): every piece of data the registry holds on the person — the
 * ban as stored (identity, measure, period, status, informed), whether a photograph exists (sent apart), and
 * the rights requests about it — with the controller the information letter names.
 */
export const BanDataExport = z
  .object({
    exportedAt: z.string(),
    controller: BanRegistrySettings.nullable(),
    ban: BanDetail,
    rightsRequests: z.array(RightsRequest),
  })
  .meta({ id: 'BanDataExport' });
export type BanDataExport = z.infer<typeof BanDataExport>;
