CREATE TABLE "draw_commitments" (
	"draw_id" uuid PRIMARY KEY NOT NULL,
	"committed_at" timestamp with time zone NOT NULL,
	"committed_by" uuid NOT NULL,
	"beacon_round" bigint NOT NULL,
	"beacon_deadline" timestamp with time zone NOT NULL,
	"witnesses" jsonb NOT NULL,
	"reveal_deadline" timestamp with time zone NOT NULL,
	"min_reveals" smallint NOT NULL,
	"commitment_bytes" text NOT NULL,
	"commitment_hash" text NOT NULL,
	"signature_key_id" text NOT NULL,
	"signature" text NOT NULL,
	"beacon_signature" text,
	"beacon_entered_at" timestamp with time zone,
	"beacon_entered_by" uuid
);
--> statement-breakpoint
CREATE TABLE "draw_entries" (
	"draw_id" uuid NOT NULL,
	"entry_id" text NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"bucket" text NOT NULL,
	"seats" integer NOT NULL,
	"choices" jsonb NOT NULL,
	"draw_rank" integer,
	"number" text,
	"outcome" smallint,
	"outcome_event" text,
	"reserve_rank" integer,
	CONSTRAINT "draw_entries_draw_id_entry_id_pk" PRIMARY KEY("draw_id","entry_id"),
	CONSTRAINT "draw_entries_seats" CHECK ("draw_entries"."seats" between 1 and 65535)
);
--> statement-breakpoint
CREATE TABLE "draw_entry_applicants" (
	"draw_id" uuid NOT NULL,
	"entry_id" text NOT NULL,
	"applicant_id" uuid NOT NULL,
	CONSTRAINT "draw_entry_applicants_draw_id_applicant_id_pk" PRIMARY KEY("draw_id","applicant_id")
);
--> statement-breakpoint
CREATE TABLE "draw_quotas" (
	"draw_id" uuid NOT NULL,
	"bucket" text NOT NULL,
	"event" text NOT NULL,
	"event_id" uuid NOT NULL,
	"seats" bigint NOT NULL,
	CONSTRAINT "draw_quotas_draw_id_bucket_event_pk" PRIMARY KEY("draw_id","bucket","event"),
	CONSTRAINT "draw_quotas_seats" CHECK ("draw_quotas"."seats" between 0 and 4294967295)
);
--> statement-breakpoint
CREATE TABLE "draw_records" (
	"draw_id" uuid PRIMARY KEY NOT NULL,
	"ran_at" timestamp with time zone NOT NULL,
	"ran_by" uuid NOT NULL,
	"record_bytes" text NOT NULL,
	"record_sha256" text NOT NULL,
	"results_hash" text NOT NULL,
	"signature_key_id" text NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "draws" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"operator_id" uuid,
	"bucket" text NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"spec_version" smallint DEFAULT 1 NOT NULL,
	"demonstration" boolean DEFAULT false NOT NULL,
	"max_choices" smallint NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"frozen_at" timestamp with time zone,
	"entries_root" text,
	"entry_count" integer,
	"published_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "draw_commitments" ADD CONSTRAINT "draw_commitments_draw_id_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."draws"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_commitments" ADD CONSTRAINT "draw_commitments_committed_by_users_id_fk" FOREIGN KEY ("committed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_commitments" ADD CONSTRAINT "draw_commitments_beacon_entered_by_users_id_fk" FOREIGN KEY ("beacon_entered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_entries" ADD CONSTRAINT "draw_entries_draw_id_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."draws"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_entry_applicants" ADD CONSTRAINT "draw_entry_applicants_applicant_id_applicants_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."applicants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_quotas" ADD CONSTRAINT "draw_quotas_draw_id_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."draws"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_quotas" ADD CONSTRAINT "draw_quotas_event_id_sport_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."sport_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_records" ADD CONSTRAINT "draw_records_draw_id_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."draws"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_records" ADD CONSTRAINT "draw_records_ran_by_users_id_fk" FOREIGN KEY ("ran_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draws" ADD CONSTRAINT "draws_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draws" ADD CONSTRAINT "draws_operator_id_organisations_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draws" ADD CONSTRAINT "draws_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "draw_entries_position" ON "draw_entries" USING btree ("draw_id","position");--> statement-breakpoint
CREATE INDEX "draw_entry_applicants_entry" ON "draw_entry_applicants" USING btree ("draw_id","entry_id");--> statement-breakpoint
CREATE INDEX "draws_programme" ON "draws" USING btree ("programme_id","operator_id");--> statement-breakpoint
-- ===== Written by hand after the generated part (keep when regenerating) =====
-- drizzle-kit does not model triggers: when branches merge and this migration is regenerated, carry this block
-- over unchanged, at the end.
-- 1. Frozen leaves never change (TAJ-10): the Merkle root was published over them. Only the results columns
--    are written, once, by the run.
CREATE OR REPLACE FUNCTION gradins_draw_entries_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW.draw_id <> OLD.draw_id OR NEW.entry_id <> OLD.entry_id
     OR NEW.position <> OLD.position OR NEW.kind <> OLD.kind OR NEW.bucket <> OLD.bucket
     OR NEW.seats <> OLD.seats OR NEW.choices <> OLD.choices THEN
    RAISE EXCEPTION 'draw entries are frozen: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER draw_entries_frozen BEFORE UPDATE OR DELETE ON draw_entries FOR EACH ROW EXECUTE FUNCTION gradins_draw_entries_frozen();--> statement-breakpoint
-- 2. The quota table changes only while its draw is in setup.
CREATE OR REPLACE FUNCTION gradins_draw_quotas_setup_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  draw_status text;
BEGIN
  SELECT status INTO draw_status FROM draws WHERE id = COALESCE(NEW.draw_id, OLD.draw_id);
  IF draw_status IS DISTINCT FROM 'setup' THEN
    RAISE EXCEPTION 'the quotas of a draw in status % are frozen', draw_status USING ERRCODE = '42501';
  END IF;
  RETURN COALESCE(NEW, OLD);
END $$;--> statement-breakpoint
CREATE TRIGGER draw_quotas_setup_only BEFORE INSERT OR UPDATE OR DELETE ON draw_quotas FOR EACH ROW EXECUTE FUNCTION gradins_draw_quotas_setup_only();--> statement-breakpoint
-- 3. A signed record is never changed or deleted.
CREATE OR REPLACE FUNCTION gradins_draw_records_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a signed draw record is immutable: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';
END $$;--> statement-breakpoint
CREATE TRIGGER draw_records_immutable BEFORE UPDATE OR DELETE ON draw_records FOR EACH ROW EXECUTE FUNCTION gradins_draw_records_immutable();
