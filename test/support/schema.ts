import { readJournal } from '../../src/platform/db/migrations.js';

/** The tag of the newest committed migration: what a freshly migrated database reports. */
export const latestMigration: string = readJournal().at(-1)!.tag;
