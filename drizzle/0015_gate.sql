CREATE TABLE "gate_scans" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" text NOT NULL,
	"event_id" uuid NOT NULL,
	"scanned_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"gate_id" text NOT NULL,
	"device_id" text,
	"agent_id" text NOT NULL,
	"mode" text NOT NULL,
	"result" text NOT NULL,
	"first_scan_id" bigint
);
--> statement-breakpoint
ALTER TABLE "gate_scans" ADD CONSTRAINT "gate_scans_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_scans" ADD CONSTRAINT "gate_scans_event_id_sport_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."sport_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "gate_scans_one_entry" ON "gate_scans" USING btree ("ticket_id") WHERE "gate_scans"."result" = 'entered';--> statement-breakpoint
CREATE INDEX "gate_scans_event" ON "gate_scans" USING btree ("event_id","result");--> statement-breakpoint
-- An entry at the gate is written once (SEC-6).
CREATE TRIGGER gate_scans_immutable BEFORE UPDATE OR DELETE ON gate_scans FOR EACH ROW EXECUTE FUNCTION gradins_ticket_events_immutable();
