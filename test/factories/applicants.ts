import { randomBytes, randomUUID } from 'node:crypto';
import { applicantGroups, applicants } from '../../src/platform/db/schema/index.js';
import type { TestServer } from '../support/server.js';

let sequence = 0;

/**
 * Confirmed applicants straight in the database (a builder, STYLE.md): a person, a group's manager (the
 * group of `groupSize`), or a carer pair (two rows sharing a pair id). Returns the applicant ids.
 */
export async function buildApplicants(
  server: TestServer,
  options: {
    programmeId: string;
    operatorId: string;
    kind?: 'person' | 'group' | 'carer_pair';
    groupSize?: number;
    confirmed?: boolean;
  },
): Promise<string[]> {
  const { db } = server.database;
  const kind = options.kind ?? 'person';
  const base = () => {
    sequence += 1;
    return {
      entryRef: randomBytes(8).toString('hex').toUpperCase(),
      programmeId: options.programmeId,
      operatorId: options.operatorId,
      channel: 'import' as const,
      birthSurname: `Candidat${sequence}`,
      birthSurnameKey: `CANDIDAT${sequence}`,
      firstNames: 'Camille',
      birthDate: '2005-03-14',
      statuses: [{ status: 'school_pupil', proofProvided: true }],
      identityKey: randomBytes(32).toString('hex'),
      consentedOn: '2024-03-01' as string | null,
      confirmedAt: options.confirmed === false ? null : server.clock.now(),
    };
  };
  if (kind === 'group') {
    const [group] = await db
      .insert(applicantGroups)
      .values({
        programmeId: options.programmeId,
        operatorId: options.operatorId,
        name: `Classe ${sequence}`,
        size: options.groupSize ?? 4,
        mobilityNeeds: {},
      })
      .returning();
    const [manager] = await db
      .insert(applicants)
      .values({ ...base(), channel: 'group', consentedOn: null, groupId: group!.id, groupRole: 'manager' })
      .returning();
    return [manager!.id];
  }
  if (kind === 'carer_pair') {
    const pairId = randomUUID();
    const rows = await db
      .insert(applicants)
      .values([
        { ...base(), channel: 'form', consentedOn: null, carerPairId: pairId, carerRole: 'person' },
        { ...base(), channel: 'form', consentedOn: null, carerPairId: pairId, carerRole: 'carer' },
      ])
      .returning();
    return rows.map((row) => row.id);
  }
  const [person] = await db.insert(applicants).values(base()).returning();
  return [person!.id];
}
