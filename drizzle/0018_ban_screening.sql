CREATE TABLE "ban_registries" (
	"organiser_id" uuid PRIMARY KEY NOT NULL,
	"controller_name" text NOT NULL,
	"controller_address" text NOT NULL,
	"recipients" text NOT NULL,
	"rights_service_address" text NOT NULL,
	"rights_service_email" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ban_rights_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organiser_id" uuid NOT NULL,
	"ban_id" uuid,
	"kind" text NOT NULL,
	"received_on" date NOT NULL,
	"due_on" date NOT NULL,
	"requester_encrypted" text NOT NULL,
	"key_id" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"outcome" text,
	"answered_on" date,
	"answered_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ban_rights_requests_due" CHECK ("ban_rights_requests"."due_on" >= "ban_rights_requests"."received_on"),
	CONSTRAINT "ban_rights_requests_answered" CHECK (("ban_rights_requests"."status" = 'answered') = ("ban_rights_requests"."outcome" is not null and "ban_rights_requests"."answered_on" is not null))
);
--> statement-breakpoint
CREATE TABLE "ban_screening_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organiser_id" uuid NOT NULL,
	"ticket_id" text NOT NULL,
	"ban_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"match" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	CONSTRAINT "ban_screening_cases_decided" CHECK (("ban_screening_cases"."status" = 'pending') = ("ban_screening_cases"."decided_at" is null))
);
--> statement-breakpoint
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_ended";--> statement-breakpoint
DROP INDEX "tickets_one_live_per_seat";--> statement-breakpoint
ALTER TABLE "bans" ADD COLUMN "informed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bans" ADD COLUMN "informed_by" text;--> statement-breakpoint
ALTER TABLE "ban_registries" ADD CONSTRAINT "ban_registries_organiser_id_organisations_id_fk" FOREIGN KEY ("organiser_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ban_registries" ADD CONSTRAINT "ban_registries_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ban_rights_requests" ADD CONSTRAINT "ban_rights_requests_organiser_id_organisations_id_fk" FOREIGN KEY ("organiser_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ban_rights_requests" ADD CONSTRAINT "ban_rights_requests_ban_id_bans_id_fk" FOREIGN KEY ("ban_id") REFERENCES "public"."bans"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ban_rights_requests" ADD CONSTRAINT "ban_rights_requests_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ban_rights_requests" ADD CONSTRAINT "ban_rights_requests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ban_screening_cases" ADD CONSTRAINT "ban_screening_cases_organiser_id_organisations_id_fk" FOREIGN KEY ("organiser_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ban_screening_cases" ADD CONSTRAINT "ban_screening_cases_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ban_screening_cases" ADD CONSTRAINT "ban_screening_cases_ban_id_bans_id_fk" FOREIGN KEY ("ban_id") REFERENCES "public"."bans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ban_screening_cases" ADD CONSTRAINT "ban_screening_cases_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ban_rights_requests_organiser" ON "ban_rights_requests" USING btree ("organiser_id","status","due_on");--> statement-breakpoint
CREATE UNIQUE INDEX "ban_screening_cases_once" ON "ban_screening_cases" USING btree ("ticket_id","ban_id");--> statement-breakpoint
CREATE INDEX "ban_screening_cases_organiser" ON "ban_screening_cases" USING btree ("organiser_id","status","created_at");--> statement-breakpoint
CREATE INDEX "ban_screening_cases_ban" ON "ban_screening_cases" USING btree ("ban_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_one_live_per_seat" ON "tickets" USING btree ("seat_id") WHERE "tickets"."status" in ('screening', 'issued', 'delivered');--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_ended" CHECK (("tickets"."status" in ('screening', 'issued', 'delivered')) = ("tickets"."ended_at" is null));--> statement-breakpoint
ALTER TABLE "bans" ADD CONSTRAINT "bans_informed" CHECK (("bans"."informed_at" is null) = ("bans"."informed_by" is null));;--> statement-breakpoint
-- A ticket awaiting its ban screening (BAN-6) becomes issued (case dismissed or lapsed) or refused (confirmed).
CREATE OR REPLACE FUNCTION gradins_tickets_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'a ticket is never deleted' USING ERRCODE = '42501';
  END IF;
  IF NEW.id <> OLD.id OR NEW.seat_id <> OLD.seat_id OR NEW.event_id <> OLD.event_id
     OR NEW.programme_id <> OLD.programme_id OR NEW.origin <> OLD.origin
     OR NEW.draw_id IS DISTINCT FROM OLD.draw_id OR NEW.entry_id IS DISTINCT FROM OLD.entry_id
     OR NEW.attribution_id IS DISTINCT FROM OLD.attribution_id OR NEW.holder_kind <> OLD.holder_kind
     OR NEW.valid_from <> OLD.valid_from OR NEW.valid_until <> OLD.valid_until OR NEW.issued_at <> OLD.issued_at
     OR NEW.reassigned_from IS DISTINCT FROM OLD.reassigned_from THEN
    RAISE EXCEPTION 'a ticket''s binding never changes (official reassignment issues a new ticket)' USING ERRCODE = '42501';
  END IF;
  IF (NEW.holder_applicant_id IS DISTINCT FROM OLD.holder_applicant_id AND NEW.holder_applicant_id IS NOT NULL)
     OR (NEW.holder_group_id IS DISTINCT FROM OLD.holder_group_id AND NEW.holder_group_id IS NOT NULL)
     OR (OLD.participant_id IS NOT NULL AND NEW.participant_id IS NOT NULL AND NEW.participant_id <> OLD.participant_id) THEN
    RAISE EXCEPTION 'a ticket''s holder never changes (official reassignment issues a new ticket)' USING ERRCODE = '42501';
  END IF;
  IF NEW.status <> OLD.status AND NOT (
       (OLD.status = 'screening' AND NEW.status IN ('issued', 'refused'))
    OR (OLD.status = 'issued' AND NEW.status IN ('delivered', 'withdrawn', 'revoked', 'reassigned', 'scanned', 'returned_to_pool'))
    OR (OLD.status = 'delivered' AND NEW.status IN ('withdrawn', 'revoked', 'reassigned', 'scanned', 'returned_to_pool'))) THEN
    RAISE EXCEPTION 'ticket status % cannot become %', OLD.status, NEW.status USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
