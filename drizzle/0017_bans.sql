CREATE TABLE "ban_photos" (
	"ban_id" uuid PRIMARY KEY NOT NULL,
	"media_type" text NOT NULL,
	"image_encrypted" text NOT NULL,
	"key_id" text NOT NULL,
	"bytes" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ban_purges" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organiser_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"cause" text NOT NULL,
	"bans" integer NOT NULL,
	"photos" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organiser_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"suspended_at" timestamp with time zone,
	"identity_encrypted" text NOT NULL,
	"measure_encrypted" text NOT NULL,
	"key_id" text NOT NULL,
	"identity_key" text NOT NULL,
	"identity_key_kid" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bans_period" CHECK ("bans"."ends_on" > "bans"."starts_on")
);
--> statement-breakpoint
ALTER TABLE "sport_events" ADD COLUMN "organiser_id" uuid;--> statement-breakpoint
ALTER TABLE "ban_photos" ADD CONSTRAINT "ban_photos_ban_id_bans_id_fk" FOREIGN KEY ("ban_id") REFERENCES "public"."bans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ban_purges" ADD CONSTRAINT "ban_purges_organiser_id_organisations_id_fk" FOREIGN KEY ("organiser_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bans" ADD CONSTRAINT "bans_organiser_id_organisations_id_fk" FOREIGN KEY ("organiser_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bans" ADD CONSTRAINT "bans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ban_purges_organiser" ON "ban_purges" USING btree ("organiser_id","at");--> statement-breakpoint
CREATE INDEX "bans_organiser_period" ON "bans" USING btree ("organiser_id","ends_on");--> statement-breakpoint
CREATE INDEX "bans_identity_key" ON "bans" USING btree ("identity_key");--> statement-breakpoint
CREATE UNIQUE INDEX "bans_same_measure" ON "bans" USING btree ("organiser_id","identity_key","kind","starts_on");--> statement-breakpoint
ALTER TABLE "sport_events" ADD CONSTRAINT "sport_events_organiser_id_organisations_id_fk" FOREIGN KEY ("organiser_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;