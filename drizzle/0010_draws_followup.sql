CREATE TABLE "draw_witness_reveals" (
	"draw_id" uuid NOT NULL,
	"witness_index" smallint NOT NULL,
	"secret" text NOT NULL,
	"revealed_at" timestamp with time zone NOT NULL,
	"entered_by" uuid NOT NULL,
	CONSTRAINT "draw_witness_reveals_draw_id_witness_index_pk" PRIMARY KEY("draw_id","witness_index")
);
--> statement-breakpoint
ALTER TABLE "applicants" ADD COLUMN "event_choices" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "draws" ADD COLUMN "entries_without_choice" integer;--> statement-breakpoint
ALTER TABLE "draws" ADD COLUMN "abandoned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "draws" ADD COLUMN "abandoned_by" uuid;--> statement-breakpoint
ALTER TABLE "draws" ADD COLUMN "abandoned_reason" text;--> statement-breakpoint
ALTER TABLE "draw_witness_reveals" ADD CONSTRAINT "draw_witness_reveals_draw_id_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."draws"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_witness_reveals" ADD CONSTRAINT "draw_witness_reveals_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draws" ADD CONSTRAINT "draws_abandoned_by_users_id_fk" FOREIGN KEY ("abandoned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "draws_one_live_per_bucket" ON "draws" USING btree ("programme_id","bucket") WHERE "draws"."status" in ('frozen', 'committed', 'run');--> statement-breakpoint
-- ===== Written by hand after the generated part (keep when regenerating) =====
-- A witness's reveal, once checked and kept, is never changed (the record cites it).
CREATE OR REPLACE FUNCTION gradins_draw_witness_reveals_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a witness reveal is immutable: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';
END $$;--> statement-breakpoint
CREATE TRIGGER draw_witness_reveals_immutable BEFORE UPDATE ON draw_witness_reveals FOR EACH ROW EXECUTE FUNCTION gradins_draw_witness_reveals_immutable();
--> statement-breakpoint
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
