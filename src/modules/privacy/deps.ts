import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';

export interface PrivacyDeps {
  database: Database;
  clock: Clock;
}
