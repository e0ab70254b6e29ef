-- The audit tables belong to a role nobody logs in as (SEC-6, issue [C]). The application's own role keeps
-- SELECT, and INSERT of leaves, heads and reviews; it writes entries only through gradins_audit_append (0003).
-- It can then neither change, delete or truncate the log nor disable its triggers: the database refuses it by
-- privileges, not only by triggers. Written by hand (drizzle-kit does not model roles or grants).
-- Run by a superuser, or by the application's role while it is a member of the three audit roles (the
-- one-time step of docs/operations.md, "Audit log: database roles"); afterwards it must not be a member.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'gradins_audit_owner') THEN
    CREATE ROLE gradins_audit_owner NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- created at the same moment by another database's migration on the same server
END $$;--> statement-breakpoint
-- 0003 protected audit_reviews against UPDATE and DELETE but forgot TRUNCATE.
CREATE TRIGGER audit_reviews_no_truncate BEFORE TRUNCATE ON audit_reviews FOR EACH STATEMENT EXECUTE FUNCTION gradins_audit_append_only();--> statement-breakpoint
-- Their owner may redefine the trigger function or disable the triggers: neither is the application.
ALTER TABLE audit_events OWNER TO gradins_audit_owner;--> statement-breakpoint
ALTER TABLE audit_leaves OWNER TO gradins_audit_owner;--> statement-breakpoint
ALTER TABLE audit_heads OWNER TO gradins_audit_owner;--> statement-breakpoint
ALTER TABLE audit_reviews OWNER TO gradins_audit_owner;--> statement-breakpoint
ALTER FUNCTION gradins_audit_append_only() OWNER TO gradins_audit_owner;--> statement-breakpoint
REVOKE ALL ON audit_events, audit_leaves, audit_heads, audit_reviews FROM PUBLIC;--> statement-breakpoint
-- 0003 revoked UPDATE from the old owner, and the new owner inherits that ACL; the foreign key check of a new
-- leaf (SELECT … FOR KEY SHARE, run as the owner) needs it back. The triggers still refuse every change.
GRANT ALL ON audit_events, audit_leaves, audit_heads, audit_reviews TO gradins_audit_owner;--> statement-breakpoint
GRANT SELECT ON audit_events, audit_leaves, audit_heads, audit_reviews TO CURRENT_USER;--> statement-breakpoint
GRANT INSERT ON audit_leaves, audit_heads, audit_reviews TO CURRENT_USER;--> statement-breakpoint
GRANT USAGE ON SEQUENCE audit_heads_id_seq TO CURRENT_USER;
