CREATE TABLE "ticket_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"reason" text NOT NULL,
	"related_ticket_id" text,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "ticket_seats" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"operator_id" uuid,
	"bucket" text NOT NULL,
	"event_id" uuid NOT NULL,
	"origin" text NOT NULL,
	"draw_id" uuid,
	"entry_id" text,
	"attribution_id" uuid,
	"seat_index" smallint NOT NULL,
	"status" text DEFAULT 'held' NOT NULL,
	"returned_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ticket_seats_origin" CHECK (("ticket_seats"."origin" = 'draw' and "ticket_seats"."draw_id" is not null and "ticket_seats"."entry_id" is not null and "ticket_seats"."attribution_id" is null)
        or ("ticket_seats"."origin" = 'manual' and "ticket_seats"."attribution_id" is not null and "ticket_seats"."draw_id" is null)),
	CONSTRAINT "ticket_seats_returned" CHECK (("ticket_seats"."status" = 'returned_to_pool') = ("ticket_seats"."returned_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" text PRIMARY KEY NOT NULL,
	"seat_id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"operator_id" uuid,
	"event_id" uuid NOT NULL,
	"origin" text NOT NULL,
	"draw_id" uuid,
	"entry_id" text,
	"attribution_id" uuid,
	"holder_kind" text NOT NULL,
	"holder_applicant_id" uuid,
	"holder_group_id" uuid,
	"participant_id" uuid,
	"holder_check" text,
	"status" text NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"reassigned_from" text,
	"code" text,
	"code_key_id" text,
	"code_signature" text,
	CONSTRAINT "tickets_id_hex" CHECK ("tickets"."id" ~ '^[0-9a-f]{32}$'),
	CONSTRAINT "tickets_validity" CHECK ("tickets"."valid_from" < "tickets"."valid_until"),
	CONSTRAINT "tickets_ended" CHECK (("tickets"."status" in ('issued', 'delivered')) = ("tickets"."ended_at" is null))
);
--> statement-breakpoint
ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_seats" ADD CONSTRAINT "ticket_seats_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_seats" ADD CONSTRAINT "ticket_seats_operator_id_organisations_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_seats" ADD CONSTRAINT "ticket_seats_event_id_sport_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."sport_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_seats" ADD CONSTRAINT "ticket_seats_draw_id_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."draws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_seat_id_ticket_seats_id_fk" FOREIGN KEY ("seat_id") REFERENCES "public"."ticket_seats"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_operator_id_organisations_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_event_id_sport_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."sport_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_draw_id_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."draws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_holder_applicant_id_applicants_id_fk" FOREIGN KEY ("holder_applicant_id") REFERENCES "public"."applicants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_holder_group_id_applicant_groups_id_fk" FOREIGN KEY ("holder_group_id") REFERENCES "public"."applicant_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_participant_id_group_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."group_participants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ticket_events_ticket" ON "ticket_events" USING btree ("ticket_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_seats_draw_origin" ON "ticket_seats" USING btree ("draw_id","entry_id","seat_index") WHERE "ticket_seats"."draw_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_seats_manual_origin" ON "ticket_seats" USING btree ("attribution_id","seat_index") WHERE "ticket_seats"."attribution_id" is not null;--> statement-breakpoint
CREATE INDEX "ticket_seats_event" ON "ticket_seats" USING btree ("event_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_one_live_per_seat" ON "tickets" USING btree ("seat_id") WHERE "tickets"."status" in ('issued', 'delivered');--> statement-breakpoint
CREATE INDEX "tickets_event_status" ON "tickets" USING btree ("event_id","status");--> statement-breakpoint
CREATE INDEX "tickets_operator" ON "tickets" USING btree ("operator_id","event_id");--> statement-breakpoint
CREATE INDEX "tickets_holder" ON "tickets" USING btree ("holder_applicant_id");--> statement-breakpoint
CREATE INDEX "tickets_group" ON "tickets" USING btree ("holder_group_id") WHERE "tickets"."holder_group_id" is not null;--> statement-breakpoint
CREATE INDEX "tickets_draw_entry" ON "tickets" USING btree ("draw_id","entry_id") WHERE "tickets"."draw_id" is not null;--> statement-breakpoint
-- ===== Written by hand after the generated part (keep when regenerating) =====
-- A ticket's life only moves forward (src/modules/tickets/domain/lifecycle.ts): issued → delivered, and from
-- either to one end (withdrawn, revoked, reassigned, scanned, returned_to_pool) that never changes again. What
-- binds it — seat, event, origin, id, validity — never changes; the holder never changes either, except to
-- null when the application is erased (consent withdrawn, `on delete set null`). The manager names a group
-- seat's participant once (participant and holder check, from null).
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
       (OLD.status = 'issued' AND NEW.status IN ('delivered', 'withdrawn', 'revoked', 'reassigned', 'scanned', 'returned_to_pool'))
    OR (OLD.status = 'delivered' AND NEW.status IN ('withdrawn', 'revoked', 'reassigned', 'scanned', 'returned_to_pool'))) THEN
    RAISE EXCEPTION 'ticket status % cannot become %', OLD.status, NEW.status USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER tickets_forward_only BEFORE UPDATE OR DELETE ON tickets FOR EACH ROW EXECUTE FUNCTION gradins_tickets_forward_only();--> statement-breakpoint
-- The history of a ticket is written once.
CREATE OR REPLACE FUNCTION gradins_ticket_events_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ticket history is immutable: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';
END $$;--> statement-breakpoint
CREATE TRIGGER ticket_events_immutable BEFORE UPDATE OR DELETE ON ticket_events FOR EACH ROW EXECUTE FUNCTION gradins_ticket_events_immutable();
