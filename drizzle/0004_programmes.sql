CREATE TABLE "games" (
	"code" text PRIMARY KEY NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"reclaim_deadline" timestamp with time zone NOT NULL,
	"reclaimed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programme_operators" (
	"programme_id" uuid NOT NULL,
	"operator_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programme_operators_programme_id_operator_id_pk" PRIMARY KEY("programme_id","operator_id")
);
--> statement-breakpoint
CREATE TABLE "programmes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"target_public" text NOT NULL,
	"games" text NOT NULL,
	"eligibility" jsonb NOT NULL,
	"max_event_choices" smallint DEFAULT 3 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reclaim_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"games" text NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"ran_at" timestamp with time zone NOT NULL,
	"total" integer NOT NULL,
	"operators_notified" integer NOT NULL,
	CONSTRAINT "reclaim_runs_once" UNIQUE("games","deadline")
);
--> statement-breakpoint
CREATE TABLE "sport_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"games" text NOT NULL,
	"kind" text NOT NULL,
	"sport" text NOT NULL,
	"discipline" text NOT NULL,
	"venue" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stock_holders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"level" text NOT NULL,
	"programme_id" uuid,
	"operator_id" uuid,
	CONSTRAINT "stock_holders_unique" UNIQUE NULLS NOT DISTINCT("level","programme_id","operator_id"),
	CONSTRAINT "stock_holders_shape" CHECK (("stock_holders"."level" in ('supplier', 'pool') and "stock_holders"."programme_id" is null and "stock_holders"."operator_id" is null)
        or ("stock_holders"."level" = 'programme' and "stock_holders"."programme_id" is not null and "stock_holders"."operator_id" is null)
        or ("stock_holders"."level" = 'operator' and "stock_holders"."programme_id" is not null and "stock_holders"."operator_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "stock_movements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor_id" uuid,
	"system" text,
	"event_id" uuid NOT NULL,
	"category" text NOT NULL,
	"from_holder" uuid NOT NULL,
	"to_holder" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"reason" text NOT NULL,
	"reclaim_run_id" uuid,
	CONSTRAINT "stock_movements_positive" CHECK ("stock_movements"."quantity" > 0),
	CONSTRAINT "stock_movements_distinct" CHECK ("stock_movements"."from_holder" <> "stock_movements"."to_holder"),
	CONSTRAINT "stock_movements_actor" CHECK (("stock_movements"."actor_id" is null) <> ("stock_movements"."system" is null))
);
--> statement-breakpoint
ALTER TABLE "instance" ADD COLUMN "demo_loaded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "instance" ADD COLUMN "demo_shift_days" integer;--> statement-breakpoint
ALTER TABLE "programme_operators" ADD CONSTRAINT "programme_operators_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_operators" ADD CONSTRAINT "programme_operators_operator_id_organisations_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reclaim_runs" ADD CONSTRAINT "reclaim_runs_games_games_code_fk" FOREIGN KEY ("games") REFERENCES "public"."games"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sport_events" ADD CONSTRAINT "sport_events_games_games_code_fk" FOREIGN KEY ("games") REFERENCES "public"."games"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_holders" ADD CONSTRAINT "stock_holders_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_holders" ADD CONSTRAINT "stock_holders_operator_id_organisations_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_event_id_sport_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."sport_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_from_holder_stock_holders_id_fk" FOREIGN KEY ("from_holder") REFERENCES "public"."stock_holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_to_holder_stock_holders_id_fk" FOREIGN KEY ("to_holder") REFERENCES "public"."stock_holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_reclaim_run_id_reclaim_runs_id_fk" FOREIGN KEY ("reclaim_run_id") REFERENCES "public"."reclaim_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "programmes_name_unique" ON "programmes" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "sport_events_code_unique" ON "sport_events" USING btree (lower("code"));--> statement-breakpoint
CREATE INDEX "sport_events_games" ON "sport_events" USING btree ("games","starts_at");--> statement-breakpoint
CREATE INDEX "stock_movements_from" ON "stock_movements" USING btree ("from_holder","event_id","category");--> statement-breakpoint
CREATE INDEX "stock_movements_to" ON "stock_movements" USING btree ("to_holder","event_id","category");--> statement-breakpoint
CREATE INDEX "stock_movements_at" ON "stock_movements" USING btree ("at");--> statement-breakpoint
-- Written by hand after the generated part (drizzle-kit does not model triggers or seed rows).
-- 1. The stock ledger is append-only (TAJ-2): a balance is the sum of its movements, so no movement is ever
--    changed or deleted; a correction is a new movement.
CREATE OR REPLACE FUNCTION gradins_stock_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the stock ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';
END $$;--> statement-breakpoint
CREATE TRIGGER stock_movements_append_only BEFORE UPDATE OR DELETE ON stock_movements FOR EACH ROW EXECUTE FUNCTION gradins_stock_ledger_append_only();--> statement-breakpoint
CREATE TRIGGER stock_movements_no_truncate BEFORE TRUNCATE ON stock_movements FOR EACH STATEMENT EXECUTE FUNCTION gradins_stock_ledger_append_only();--> statement-breakpoint
-- 2. The two levels every installation has: the supplier (the organiser's ticketing) and the State pool.
INSERT INTO stock_holders (level) VALUES ('supplier'), ('pool');--> statement-breakpoint
-- 3. The Games of Paris 2024 and the deadlines of seed 1 §2 (1 May and 1 June 2024, Paris time); a programme
--    administrator changes them (API PUT /api/v1/games/{code}).
INSERT INTO games (code, opens_at, closes_at, reclaim_deadline) VALUES
  ('olympic', '2024-07-26 19:30:00+02', '2024-08-11 21:00:00+02', '2024-05-01 00:00:00+02'),
  ('paralympic', '2024-08-28 20:00:00+02', '2024-09-08 20:00:00+02', '2024-06-01 00:00:00+02');--> statement-breakpoint
-- 4. The four publics of "Tous aux Jeux" (TAJ-1), each with one programme and its eligibility rules.
INSERT INTO programmes (name, target_public, games, eligibility) VALUES
  ('Tous aux Jeux — Jeunesse', 'youth', 'both',
   '{"age":{"max":25},"requirements":[{"anyOf":[{"status":"school_pupil","proof":"Certificat de scolarité de l’année en cours"},{"status":"youth_structure_member","proof":"Attestation de la structure jeunesse (club, centre de loisirs, mission locale)"}]}]}'),
  ('Tous aux Jeux — Bénévoles du mouvement sportif', 'sports_volunteers', 'both',
   '{"age":{"min":16},"requirements":[{"anyOf":[{"status":"sports_volunteer","proof":"Licence sportive et attestation de bénévolat du club ou de la fédération"}]}]}'),
  ('Tous aux Jeux — Personnes en situation de handicap et aidants', 'disability', 'both',
   '{"requirements":[{"anyOf":[{"status":"disability_card","proof":"Carte mobilité inclusion (CMI) ou notification de la MDPH"},{"status":"carer","proof":"Attestation d’aidant, avec la CMI de la personne accompagnée"}]}]}'),
  ('Tous aux Jeux — Agents publics', 'public_agents', 'both',
   '{"age":{"min":18},"requirements":[{"anyOf":[{"status":"public_agent_category_b","proof":"Attestation de l’employeur public (catégorie B)"},{"status":"public_agent_category_c","proof":"Attestation de l’employeur public (catégorie C)"}]},{"anyOf":[{"status":"games_involvement","proof":"Attestation du service sur la participation à la préparation des Jeux"}]}]}');
