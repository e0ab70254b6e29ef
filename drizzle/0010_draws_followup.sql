CREATE TABLE "draw_witness_reveals" (
	"draw_id" uuid NOT NULL,
	"witness_index" smallint NOT NULL,
	"secret" text NOT NULL,
	"revealed_at" timestamp with time zone NOT NULL,
	"entered_by" uuid NOT NULL,
	CONSTRAINT "draw_witness_reveals_draw_id_witness_index_pk" PRIMARY KEY("draw_id","witness_index")
);
--> statement-breakpoint
CREATE TABLE "manual_attribution_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"operator_id" uuid,
	"bucket" text NOT NULL,
	"circumstances" text NOT NULL,
	"criteria" text NOT NULL,
	"decided_by" uuid NOT NULL,
	"decided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "manual_attribution_quotas" (
	"decision_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"event" text NOT NULL,
	"seats" integer NOT NULL,
	CONSTRAINT "manual_attribution_quotas_decision_id_event_id_pk" PRIMARY KEY("decision_id","event_id"),
	CONSTRAINT "manual_attribution_quotas_seats" CHECK ("manual_attribution_quotas"."seats" >= 0)
);
--> statement-breakpoint
CREATE TABLE "manual_attributions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"decision_id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"applicant_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"seats" integer NOT NULL,
	"criterion" text NOT NULL,
	"attributed_by" uuid NOT NULL,
	"attributed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "manual_attributions_seats" CHECK ("manual_attributions"."seats" between 1 and 65535)
);
--> statement-breakpoint
ALTER TABLE "applicants" ADD COLUMN "event_choices" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "draws" ADD COLUMN "entries_without_choice" integer;--> statement-breakpoint
ALTER TABLE "draws" ADD COLUMN "abandoned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "draws" ADD COLUMN "abandoned_by" uuid;--> statement-breakpoint
ALTER TABLE "draws" ADD COLUMN "abandoned_reason" text;--> statement-breakpoint
ALTER TABLE "draw_witness_reveals" ADD CONSTRAINT "draw_witness_reveals_draw_id_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."draws"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_witness_reveals" ADD CONSTRAINT "draw_witness_reveals_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manual_attribution_decisions" ADD CONSTRAINT "manual_attribution_decisions_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manual_attribution_decisions" ADD CONSTRAINT "manual_attribution_decisions_operator_id_organisations_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manual_attribution_decisions" ADD CONSTRAINT "manual_attribution_decisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manual_attribution_quotas" ADD CONSTRAINT "manual_attribution_quotas_decision_id_manual_attribution_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."manual_attribution_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manual_attribution_quotas" ADD CONSTRAINT "manual_attribution_quotas_event_id_sport_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."sport_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manual_attributions" ADD CONSTRAINT "manual_attributions_decision_id_manual_attribution_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."manual_attribution_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manual_attributions" ADD CONSTRAINT "manual_attributions_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manual_attributions" ADD CONSTRAINT "manual_attributions_applicant_id_applicants_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."applicants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manual_attributions" ADD CONSTRAINT "manual_attributions_event_id_sport_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."sport_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manual_attributions" ADD CONSTRAINT "manual_attributions_attributed_by_users_id_fk" FOREIGN KEY ("attributed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "manual_attribution_decisions_programme" ON "manual_attribution_decisions" USING btree ("programme_id","operator_id");--> statement-breakpoint
CREATE UNIQUE INDEX "manual_attributions_applicant" ON "manual_attributions" USING btree ("programme_id","applicant_id");--> statement-breakpoint
CREATE INDEX "manual_attributions_decision" ON "manual_attributions" USING btree ("decision_id");--> statement-breakpoint
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
ALTER TABLE draw_entries SET (fillfactor = 50);--> statement-breakpoint
-- A manual attribution decision (TAJ-11) is written once: its circumstances, criteria and quotas never change,
-- and neither does an attribution that cites it (the control report must show what was decided).
CREATE OR REPLACE FUNCTION gradins_manual_attribution_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'manual attribution records are immutable: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';
END $$;--> statement-breakpoint
CREATE TRIGGER manual_attribution_decisions_immutable BEFORE UPDATE OR DELETE ON manual_attribution_decisions FOR EACH ROW EXECUTE FUNCTION gradins_manual_attribution_immutable();--> statement-breakpoint
CREATE TRIGGER manual_attribution_quotas_immutable BEFORE UPDATE OR DELETE ON manual_attribution_quotas FOR EACH ROW EXECUTE FUNCTION gradins_manual_attribution_immutable();--> statement-breakpoint
CREATE TRIGGER manual_attributions_immutable BEFORE UPDATE ON manual_attributions FOR EACH ROW EXECUTE FUNCTION gradins_manual_attribution_immutable();
