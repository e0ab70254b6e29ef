-- Written by hand (drizzle-kit does not model triggers or storage parameters).
-- The run writes every entry's result in place (draw rank, number, outcome, event, reserve rank): millions of
-- rows at national scale. Two things make that write cheap without weakening what 0009 guarantees:
-- 1. The frozen-leaves trigger fires only when a leaf column is a target of the UPDATE (or on DELETE): an
--    UPDATE that sets only results columns cannot change a leaf, so there is nothing to check row by row.
DROP TRIGGER draw_entries_frozen ON draw_entries;--> statement-breakpoint
CREATE TRIGGER draw_entries_frozen BEFORE UPDATE OF draw_id, entry_id, position, kind, bucket, seats, choices OR DELETE ON draw_entries FOR EACH ROW EXECUTE FUNCTION gradins_draw_entries_frozen();--> statement-breakpoint
-- 2. Room left in each page at freeze, so that the results update is a heap-only (HOT) update: no indexed
--    column changes, the new row version fits on its page, and no index is touched.
ALTER TABLE draw_entries SET (fillfactor = 50);
