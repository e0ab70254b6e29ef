DROP INDEX "ban_screening_cases_once";--> statement-breakpoint
ALTER TABLE "bans" ADD COLUMN "revised_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "ban_screening_cases_once" ON "ban_screening_cases" USING btree ("ticket_id","ban_id") WHERE "ban_screening_cases"."status" = 'pending';--> statement-breakpoint
-- Written by hand after the generated part: bans entered before this migration count as revised at their entry,
-- so the cases already dismissed stay closed (as before) until the ban's identity or measure changes.
UPDATE "bans" SET "revised_at" = "created_at";
