CREATE TABLE "programme_logos" (
	"programme_id" uuid PRIMARY KEY NOT NULL,
	"png_base64" text NOT NULL,
	"alt" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "programme_logos_size" CHECK (length("programme_logos"."png_base64") <= 280000)
);
--> statement-breakpoint
CREATE TABLE "ticket_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"applicant_id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	CONSTRAINT "ticket_links_revoked" CHECK (("ticket_links"."revoked_at" is null) = ("ticket_links"."revoked_reason" is null))
);
--> statement-breakpoint
ALTER TABLE "programme_logos" ADD CONSTRAINT "programme_logos_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_links" ADD CONSTRAINT "ticket_links_applicant_id_applicants_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."applicants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_links" ADD CONSTRAINT "ticket_links_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_links_token" ON "ticket_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "ticket_links_applicant" ON "ticket_links" USING btree ("applicant_id");