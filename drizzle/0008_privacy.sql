CREATE TABLE "identity_key_rekeys" (
	"target" text NOT NULL,
	"row_id" uuid NOT NULL,
	"new_key" text NOT NULL,
	CONSTRAINT "identity_key_rekeys_target_row_id_pk" PRIMARY KEY("target","row_id")
);
--> statement-breakpoint
CREATE TABLE "key_rotations" (
	"purpose" text PRIMARY KEY NOT NULL,
	"active_kid" text NOT NULL,
	"next_kid" text,
	"state" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"rows_rekeyed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "key_rotations_next" CHECK ("key_rotations"."state" = 'done' or "key_rotations"."next_kid" is not null)
);
--> statement-breakpoint
CREATE TABLE "post_games_contacts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"programme_id" uuid NOT NULL,
	"email" text NOT NULL,
	"notice_version_id" uuid NOT NULL,
	"given_at" timestamp with time zone NOT NULL,
	"purge_after" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "retention_purges" (
	"programme_id" uuid PRIMARY KEY NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"applicants" integer DEFAULT 0 NOT NULL,
	"group_participants" integer DEFAULT 0 NOT NULL,
	"groups" integer DEFAULT 0 NOT NULL,
	"imports" integer DEFAULT 0 NOT NULL,
	"mails" integer DEFAULT 0 NOT NULL,
	"post_games_contacts" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "post_games_contacts" ADD CONSTRAINT "post_games_contacts_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_games_contacts" ADD CONSTRAINT "post_games_contacts_notice_version_id_notice_versions_id_fk" FOREIGN KEY ("notice_version_id") REFERENCES "public"."notice_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_purges" ADD CONSTRAINT "retention_purges_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "post_games_contacts_purge" ON "post_games_contacts" USING btree ("purge_after");