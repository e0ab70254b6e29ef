CREATE TABLE "audit_heads" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shard" text NOT NULL,
	"tree_size" bigint NOT NULL,
	"root_hash" text NOT NULL,
	"previous_shard_root" text,
	"kind" text NOT NULL,
	"issued_at" timestamp (3) with time zone NOT NULL,
	"key_id" text NOT NULL,
	"signature" text NOT NULL,
	"frontier" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_leaves" (
	"shard" text NOT NULL,
	"leaf_index" bigint NOT NULL,
	"event_id" bigint NOT NULL,
	"leaf_hash" text NOT NULL,
	CONSTRAINT "audit_leaves_shard_leaf_index_pk" PRIMARY KEY("shard","leaf_index")
);
--> statement-breakpoint
CREATE TABLE "audit_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"period_from" timestamp with time zone NOT NULL,
	"period_to" timestamp with time zone NOT NULL,
	"findings" text NOT NULL,
	"alerts_seen" bigint NOT NULL,
	"signed_at" timestamp (3) with time zone NOT NULL,
	"key_id" text NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_leaves" ADD CONSTRAINT "audit_leaves_event_id_audit_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."audit_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_reviews" ADD CONSTRAINT "audit_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_heads_shard" ON "audit_heads" USING btree ("shard","tree_size");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_leaves_event" ON "audit_leaves" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "audit_events_action" ON "audit_events" USING btree ("action");--> statement-breakpoint
CREATE INDEX "audit_events_target" ON "audit_events" USING btree ("target_table");--> statement-breakpoint
-- Append-only audit log (SEC-6). Written by hand after the generated part: drizzle-kit does not model
-- triggers, roles or functions. See docs/formats/audit-log.md and src/platform/audit/README.md.
-- 1. Nobody changes or deletes an entry, a leaf or a head: triggers refuse it, whatever the role (owners and
--    superusers included). Only the retention purge may delete the entries and leaves of an expired shard.
CREATE OR REPLACE FUNCTION gradins_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND TG_TABLE_NAME IN ('audit_events', 'audit_leaves')
     AND current_setting('gradins.audit_retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'the audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';
END $$;--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION gradins_audit_append_only();--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION gradins_audit_append_only();--> statement-breakpoint
CREATE TRIGGER audit_leaves_append_only BEFORE UPDATE OR DELETE ON audit_leaves FOR EACH ROW EXECUTE FUNCTION gradins_audit_append_only();--> statement-breakpoint
CREATE TRIGGER audit_leaves_no_truncate BEFORE TRUNCATE ON audit_leaves FOR EACH STATEMENT EXECUTE FUNCTION gradins_audit_append_only();--> statement-breakpoint
CREATE TRIGGER audit_heads_append_only BEFORE UPDATE OR DELETE ON audit_heads FOR EACH ROW EXECUTE FUNCTION gradins_audit_append_only();--> statement-breakpoint
CREATE TRIGGER audit_heads_no_truncate BEFORE TRUNCATE ON audit_heads FOR EACH STATEMENT EXECUTE FUNCTION gradins_audit_append_only();--> statement-breakpoint
CREATE TRIGGER audit_reviews_append_only BEFORE UPDATE OR DELETE ON audit_reviews FOR EACH ROW EXECUTE FUNCTION gradins_audit_append_only();--> statement-breakpoint
-- 2. The application writes entries through a role that may only INSERT: a SECURITY DEFINER function owned by
--    gradins_audit_writer. Roles are shared by every database of a server, hence "if not exists".
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'gradins_audit_writer') THEN
    CREATE ROLE gradins_audit_writer NOLOGIN;
  END IF;
END $$;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO gradins_audit_writer;--> statement-breakpoint
GRANT INSERT ON audit_events TO gradins_audit_writer;--> statement-breakpoint
GRANT USAGE ON SEQUENCE audit_events_id_seq TO gradins_audit_writer;--> statement-breakpoint
-- One or many entries, as a JSON array of objects with the columns of audit_events (snake_case).
CREATE FUNCTION gradins_audit_append(entries jsonb) RETURNS void LANGUAGE sql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
  INSERT INTO audit_events (occurred_at, actor, organisation_id, action, target_table, target_ids, result, request_id, source_ip)
  SELECT e.occurred_at, e.actor, e.organisation_id, e.action, e.target_table, e.target_ids, e.result, e.request_id, e.source_ip
  FROM jsonb_to_recordset(entries) AS e(occurred_at timestamptz, actor text, organisation_id uuid, action text,
    target_table text, target_ids text[], result text, request_id text, source_ip text)
$$;--> statement-breakpoint
ALTER FUNCTION gradins_audit_append(jsonb) OWNER TO gradins_audit_writer;--> statement-breakpoint
-- 3. The application's own role keeps no right to change or delete the log directly.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events, audit_leaves, audit_heads, audit_reviews FROM CURRENT_USER;
--> statement-breakpoint
-- 4. Retention (six months, SEC-6): the only deletion, of a whole expired shard, through a function owned by a
--    role that may delete entries and leaves; it refuses a shard that has no final signed head.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'gradins_audit_retention') THEN
    CREATE ROLE gradins_audit_retention NOLOGIN;
  END IF;
END $$;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO gradins_audit_retention;--> statement-breakpoint
GRANT SELECT, DELETE ON audit_events, audit_leaves TO gradins_audit_retention;--> statement-breakpoint
GRANT SELECT ON audit_heads TO gradins_audit_retention;--> statement-breakpoint
CREATE FUNCTION gradins_audit_purge_shard(target_shard text) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
  removed bigint;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM audit_heads WHERE shard = target_shard AND kind = 'final') THEN
    RAISE EXCEPTION 'shard % has no final head: it cannot be purged', target_shard USING ERRCODE = '55000';
  END IF;
  PERFORM set_config('gradins.audit_retention', 'on', true);
  WITH gone AS (DELETE FROM audit_leaves WHERE shard = target_shard RETURNING event_id)
  DELETE FROM audit_events WHERE id IN (SELECT event_id FROM gone);
  GET DIAGNOSTICS removed = ROW_COUNT;
  PERFORM set_config('gradins.audit_retention', 'off', true);
  RETURN removed;
END $$;--> statement-breakpoint
ALTER FUNCTION gradins_audit_purge_shard(text) OWNER TO gradins_audit_retention;
