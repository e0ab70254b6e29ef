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
-- A manual attribution decision (TAJ-11) is written once: its circumstances, criteria and quotas never change,
-- and neither does an attribution that cites it (the control report must show what was decided).
CREATE OR REPLACE FUNCTION gradins_manual_attribution_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'manual attribution records are immutable: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';
END $$;--> statement-breakpoint
CREATE TRIGGER manual_attribution_decisions_immutable BEFORE UPDATE OR DELETE ON manual_attribution_decisions FOR EACH ROW EXECUTE FUNCTION gradins_manual_attribution_immutable();--> statement-breakpoint
CREATE TRIGGER manual_attribution_quotas_immutable BEFORE UPDATE OR DELETE ON manual_attribution_quotas FOR EACH ROW EXECUTE FUNCTION gradins_manual_attribution_immutable();--> statement-breakpoint
CREATE TRIGGER manual_attributions_immutable BEFORE UPDATE ON manual_attributions FOR EACH ROW EXECUTE FUNCTION gradins_manual_attribution_immutable();
