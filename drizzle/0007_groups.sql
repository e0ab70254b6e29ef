CREATE TABLE "group_participant_consents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"participant_id" uuid NOT NULL,
	"party" text NOT NULL,
	"notice_version_id" uuid NOT NULL,
	"given_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "applicants_operator_list";--> statement-breakpoint
DROP INDEX "applicants_operator_all";--> statement-breakpoint
ALTER TABLE "applicants" ADD COLUMN "birth_surname_key" text NOT NULL;--> statement-breakpoint
ALTER TABLE "group_participant_consents" ADD CONSTRAINT "group_participant_consents_participant_id_group_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."group_participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_participant_consents" ADD CONSTRAINT "group_participant_consents_notice_version_id_notice_versions_id_fk" FOREIGN KEY ("notice_version_id") REFERENCES "public"."notice_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "group_participant_consents_party" ON "group_participant_consents" USING btree ("participant_id","party");--> statement-breakpoint
CREATE INDEX "applicants_operator_list" ON "applicants" USING btree ("operator_id","programme_id","birth_surname_key" collate "C","id");--> statement-breakpoint
CREATE INDEX "applicants_operator_all" ON "applicants" USING btree ("operator_id","birth_surname_key" collate "C","id");