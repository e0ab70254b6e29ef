import { eq } from 'drizzle-orm';
import type { InstanceInfo } from '../../../../contracts/programmes.js';
import type { Db } from '../../../platform/db/database.js';
import { games, instance } from '../../../platform/db/schema/index.js';

/** Whether the installation holds the demo, so that every page can say so. */
export async function instanceInfo(db: Db): Promise<InstanceInfo> {
  const [row] = await db.select().from(instance).where(eq(instance.id, 1));
  if (!row?.demoLoadedAt || row.demoShiftDays === null) return { demo: null };
  const [olympic] = await db.select().from(games).where(eq(games.code, 'olympic'));
  return {
    demo: {
      loadedAt: row.demoLoadedAt.toISOString(),
      shiftDays: row.demoShiftDays,
      olympicOpening: olympic?.opensAt.toISOString() ?? '',
    },
  };
}
