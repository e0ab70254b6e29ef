import { randomUUID } from 'node:crypto';
import { and, count, eq, isNotNull } from 'drizzle-orm';
import { IMPORT_ATTESTATION } from '../../../contracts/applicants.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import { randomReference } from '../../platform/crypto/tokens.js';
import type { Tx } from '../../platform/db/database.js';
import { applicantGroups, applicantImports, applicants } from '../../platform/db/schema/index.js';
import { parisDate } from '../programmes/domain/paris-time.js';
import { identityColumns } from './repository.js';

const SURNAMES = [
  'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Durand', 'Leroy', 'Moreau', 'Simon',
  'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel',
  'Girard', 'André', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez', 'Legrand', 'Garnier',
  'Faure', 'Rousseau', 'Blanc', 'Guérin', 'Muller', 'Henry', 'Roussel', 'Nicolas', 'Perrin', 'Morin',
]; // prettier-ignore
const FIRST_NAMES = [
  'Léa', 'Hugo', 'Chloé', 'Louis', 'Emma', 'Gabriel', 'Manon', 'Arthur', 'Jade', 'Raphaël', 'Inès', 'Jules',
  'Lina', 'Adam', 'Zoé', 'Nathan', 'Louise', 'Noah', 'Alice', 'Ethan',
]; // prettier-ignore

/** How many demo applicants of each kind: persons, the group's size, one carer pair. */
export const DEMO_APPLICANTS = { persons: 30, groupSize: 6, carerPairs: 1 } as const;

/**
 * Fictitious applicants for the demonstration draw, in one operator's bucket of a programme, written as the
 * operator's import writes them (TAJ-4, TAJ-5): one import holding the operator's attestation word for word,
 * each person confirmed, with the day the consents were collected (`consented_on`, decision 0005) and, for these
 * minors of 15 to 17, the legal representative who signed; identity keys and search keys by `identityColumns`.
 * The persons, a class's teacher as the manager of a group, and one person with a disability with their carer.
 * Nothing is written if the bucket already holds confirmed applicants; returns how many were created.
 */
export async function loadDemoApplicants(
  tx: Tx,
  keys: KeyStore,
  input: { programmeId: string; operatorId: string; importedBy: string; now: Date },
): Promise<number> {
  const [{ value: existing }] = (await tx
    .select({ value: count() })
    .from(applicants)
    .where(
      and(
        eq(applicants.programmeId, input.programmeId),
        eq(applicants.operatorId, input.operatorId),
        isNotNull(applicants.confirmedAt),
      ),
    )) as [{ value: number }];
  if (Number(existing) > 0) return 0;

  const today = parisDate(input.now);
  const year = Number(today.slice(0, 4));
  const [upload] = await tx
    .insert(applicantImports)
    .values({
      programmeId: input.programmeId,
      operatorId: input.operatorId,
      createdBy: input.importedBy,
      status: 'done',
      attestation: IMPORT_ATTESTATION.fr,
      attestedAt: input.now,
      fileReceivedAt: input.now,
      startedAt: input.now,
      finishedAt: input.now,
    })
    .returning();

  type Row = typeof applicants.$inferInsert;
  let index = 0;
  const person = (extra: Partial<Row> = {}, age = 15 + (index % 2)): Row => {
    const birthSurname = SURNAMES[index % SURNAMES.length]!;
    const firstNames = FIRST_NAMES[(index * 7) % FIRST_NAMES.length]!;
    const birthDate = `${year - age - 1}-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 27) + 1).padStart(2, '0')}`;
    index += 1;
    return {
      entryRef: randomReference(),
      programmeId: input.programmeId,
      operatorId: input.operatorId,
      channel: 'import',
      birthSurname,
      firstNames,
      birthDate,
      email: `demo.${index}@famille.gradins.test`,
      statuses: [{ status: 'school_pupil', proofProvided: true }],
      ...identityColumns(keys, { birthSurname, firstNames, birthDate }),
      importId: upload!.id,
      consentedOn: today,
      representativeName: age < 18 ? `Parent de ${firstNames} ${birthSurname}` : null,
      confirmedAt: input.now,
      ...extra,
    };
  };

  const rows: Row[] = [];
  for (let i = 0; i < DEMO_APPLICANTS.persons; i++) rows.push(person());
  const [group] = await tx
    .insert(applicantGroups)
    .values({
      programmeId: input.programmeId,
      operatorId: input.operatorId,
      name: 'Classe de seconde B (démonstration)',
      size: DEMO_APPLICANTS.groupSize,
      mobilityNeeds: {},
    })
    .returning();
  rows.push(
    person(
      {
        statuses: [{ status: 'youth_structure_member', proofProvided: true }],
        groupId: group!.id,
        groupRole: 'manager',
      },
      34,
    ),
  );
  for (let i = 0; i < DEMO_APPLICANTS.carerPairs; i++) {
    const carerPairId = randomUUID();
    rows.push(
      person({
        statuses: [
          { status: 'school_pupil', proofProvided: true },
          { status: 'disability_card', proofProvided: true },
        ],
        carerPairId,
        carerRole: 'person',
      }),
      person({ statuses: [{ status: 'carer', proofProvided: true }], carerPairId, carerRole: 'carer' }, 42),
    );
  }
  await tx.insert(applicants).values(rows);
  await tx
    .update(applicantImports)
    .set({ rowsRead: rows.length, rowsCreated: rows.length })
    .where(eq(applicantImports.id, upload!.id));
  return rows.length;
}
