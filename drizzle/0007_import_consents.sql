DROP INDEX "applicants_programme_identity";--> statement-breakpoint
DROP INDEX "applicants_identity";--> statement-breakpoint
DROP INDEX "applicants_submission";--> statement-breakpoint
DROP INDEX "applicants_group";--> statement-breakpoint
ALTER TABLE "applicant_imports" ADD COLUMN "attestation" text;--> statement-breakpoint
ALTER TABLE "applicant_imports" ADD COLUMN "attested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "applicants" ADD COLUMN "consented_on" date;--> statement-breakpoint
ALTER TABLE "applicants" ADD COLUMN "representative_name" text;--> statement-breakpoint
CREATE UNIQUE INDEX "applicants_identity_programme" ON "applicants" USING btree ("identity_key","programme_id");--> statement-breakpoint
CREATE UNIQUE INDEX "applicants_submission" ON "applicants" USING btree ("submission_id") WHERE "applicants"."submission_id" is not null;--> statement-breakpoint
CREATE INDEX "applicants_group" ON "applicants" USING btree ("group_id") WHERE "applicants"."group_id" is not null;--> statement-breakpoint
-- Hand-written: an imported person's consents become the day and the representative on the person (the texts
-- are the versions in force that day); the per-text rows the first imports wrote are folded into them.
UPDATE "applicants" AS a SET
  "consented_on" = (SELECT min((c."given_at" AT TIME ZONE 'Europe/Paris')::date) FROM "applicant_consents" c WHERE c."applicant_id" = a."id"),
  "representative_name" = (SELECT max(c."signed_name") FROM "applicant_consents" c WHERE c."applicant_id" = a."id" AND c."party" = 'representative')
  WHERE a."channel" = 'import';--> statement-breakpoint
UPDATE "applicants" SET "consented_on" = "created_at"::date WHERE "channel" = 'import' AND "consented_on" IS NULL;--> statement-breakpoint
DELETE FROM "applicant_consents" WHERE "channel" = 'import';--> statement-breakpoint
ALTER TABLE "applicants" ADD CONSTRAINT "applicants_import_consent" CHECK ("applicants"."channel" <> 'import' or "applicants"."consented_on" is not null);