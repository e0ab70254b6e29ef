CREATE TABLE "group_participant_consents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"participant_id" uuid NOT NULL,
	"party" text NOT NULL,
	"notice_version_id" uuid NOT NULL,
	"given_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "withdrawn_consents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"programme_id" uuid NOT NULL,
	"operator_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"party" text NOT NULL,
	"notice_version_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"given_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "applicants_programme_identity";--> statement-breakpoint
DROP INDEX "applicants_identity";--> statement-breakpoint
DROP INDEX "applicants_submission";--> statement-breakpoint
DROP INDEX "applicants_operator_list";--> statement-breakpoint
DROP INDEX "applicants_operator_all";--> statement-breakpoint
DROP INDEX "applicants_group";--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "about" text;--> statement-breakpoint
ALTER TABLE "applicant_imports" ADD COLUMN "attestation" text;--> statement-breakpoint
ALTER TABLE "applicant_imports" ADD COLUMN "attested_at" timestamp with time zone;--> statement-breakpoint
-- Hand-written: the column is added empty then filled for the applicants already there (accents and separators
-- folded in SQL, close to `surnameSearchKey`), before it becomes required.
ALTER TABLE "applicants" ADD COLUMN "birth_surname_key" text NOT NULL DEFAULT '';--> statement-breakpoint
UPDATE "applicants" SET "birth_surname_key" = upper(translate("birth_surname",
  'àáâäãåçèéêëìíîïñòóôöõùúûüýÿÀÁÂÄÃÅÇÈÉÊËÌÍÎÏÑÒÓÔÖÕÙÚÛÜÝ -''’',
  'aaaaaaceeeeiiiinooooouuuuyyAAAAAACEEEEIIIINOOOOOUUUUY'));--> statement-breakpoint
ALTER TABLE "applicants" ALTER COLUMN "birth_surname_key" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "applicants" ADD COLUMN "consented_on" date;--> statement-breakpoint
ALTER TABLE "applicants" ADD COLUMN "representative_name" text;--> statement-breakpoint
ALTER TABLE "applicants" ADD COLUMN "confirmed_at" timestamp with time zone DEFAULT now();--> statement-breakpoint
ALTER TABLE "applicants" ADD COLUMN "confirmation_token_hash" text;--> statement-breakpoint
ALTER TABLE "group_participant_consents" ADD CONSTRAINT "group_participant_consents_participant_id_group_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."group_participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_participant_consents" ADD CONSTRAINT "group_participant_consents_notice_version_id_notice_versions_id_fk" FOREIGN KEY ("notice_version_id") REFERENCES "public"."notice_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "withdrawn_consents" ADD CONSTRAINT "withdrawn_consents_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "withdrawn_consents" ADD CONSTRAINT "withdrawn_consents_operator_id_organisations_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "withdrawn_consents" ADD CONSTRAINT "withdrawn_consents_notice_version_id_notice_versions_id_fk" FOREIGN KEY ("notice_version_id") REFERENCES "public"."notice_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "group_participant_consents_party" ON "group_participant_consents" USING btree ("participant_id","party");--> statement-breakpoint
CREATE INDEX "withdrawn_consents_withdrawn" ON "withdrawn_consents" USING btree ("withdrawn_at");--> statement-breakpoint
CREATE INDEX "mail_outbox_about" ON "mail_outbox" USING btree ("about");--> statement-breakpoint
CREATE UNIQUE INDEX "applicants_identity_programme" ON "applicants" USING btree ("identity_key","programme_id") WHERE "applicants"."confirmed_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "applicants_confirmation_token" ON "applicants" USING btree ("confirmation_token_hash") WHERE "applicants"."confirmation_token_hash" is not null;--> statement-breakpoint
CREATE INDEX "applicants_pending" ON "applicants" USING btree ("created_at") WHERE "applicants"."confirmed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "applicants_submission" ON "applicants" USING btree ("submission_id") WHERE "applicants"."submission_id" is not null;--> statement-breakpoint
CREATE INDEX "applicants_operator_list" ON "applicants" USING btree ("operator_id","programme_id","birth_surname_key" collate "C","id");--> statement-breakpoint
CREATE INDEX "applicants_operator_all" ON "applicants" USING btree ("operator_id","birth_surname_key" collate "C","id");--> statement-breakpoint
CREATE INDEX "applicants_group" ON "applicants" USING btree ("group_id") WHERE "applicants"."group_id" is not null;--> statement-breakpoint
-- Hand-written: an imported person's consents become the day and the representative on the person (the texts
-- are the versions in force that day); the per-text rows the first imports wrote are folded into them.
UPDATE "applicants" AS a SET
  "consented_on" = (SELECT min((c."given_at" AT TIME ZONE 'Europe/Paris')::date) FROM "applicant_consents" c WHERE c."applicant_id" = a."id"),
  "representative_name" = (SELECT max(c."signed_name") FROM "applicant_consents" c WHERE c."applicant_id" = a."id" AND c."party" = 'representative')
  WHERE a."channel" = 'import';--> statement-breakpoint
UPDATE "applicants" SET "consented_on" = "created_at"::date WHERE "channel" = 'import' AND "consented_on" IS NULL;--> statement-breakpoint
DELETE FROM "applicant_consents" WHERE "channel" = 'import';--> statement-breakpoint
ALTER TABLE "applicants" ADD CONSTRAINT "applicants_import_consent" CHECK ("applicants"."channel" <> 'import' or "applicants"."consented_on" is not null);--> statement-breakpoint
-- ===== Written by hand after the generated part (keep when regenerating) =====
-- Applications recorded before this migration were taken as made: they stay confirmed, on the day they came.
UPDATE "applicants" SET "confirmed_at" = "created_at" WHERE "confirmed_at" IS NOT NULL;
-- ===== End of the hand-written part =====
