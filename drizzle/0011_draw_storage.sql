CREATE TABLE "draw_leaf_chunks" (
	"draw_id" uuid NOT NULL,
	"first_position" integer NOT NULL,
	"count" integer NOT NULL,
	"ids" "bytea" NOT NULL,
	"tails" "bytea" NOT NULL,
	"categories" "bytea" NOT NULL,
	CONSTRAINT "draw_leaf_chunks_draw_id_first_position_pk" PRIMARY KEY("draw_id","first_position")
);
--> statement-breakpoint
CREATE TABLE "draw_record_chunks" (
	"draw_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	CONSTRAINT "draw_record_chunks_draw_id_seq_pk" PRIMARY KEY("draw_id","seq")
);
--> statement-breakpoint
CREATE TABLE "draw_result_chunks" (
	"draw_id" uuid NOT NULL,
	"first_position" integer NOT NULL,
	"draw_ranks" integer[] NOT NULL,
	"outcomes" smallint[] NOT NULL,
	"reserve_ranks" integer[] NOT NULL,
	CONSTRAINT "draw_result_chunks_draw_id_first_position_pk" PRIMARY KEY("draw_id","first_position")
);
--> statement-breakpoint
ALTER TABLE "draw_records" ADD COLUMN "results_summary" jsonb;--> statement-breakpoint
ALTER TABLE "draws" ADD COLUMN "entry_categories" jsonb;--> statement-breakpoint
ALTER TABLE "draws" ADD COLUMN "entry_tails" jsonb;--> statement-breakpoint
ALTER TABLE "draw_leaf_chunks" ADD CONSTRAINT "draw_leaf_chunks_draw_id_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."draws"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_record_chunks" ADD CONSTRAINT "draw_record_chunks_draw_id_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."draws"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_result_chunks" ADD CONSTRAINT "draw_result_chunks_draw_id_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."draws"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- ===== Written by hand (keep when regenerating): the data of draws frozen or run before 0011 moves into the
-- chunk tables before the old columns go. Leaves: ids, tail and category indices, 65,536 per chunk
-- (LEAF_CHUNK), a category being the entry's earliest-confirmed applicant's registration week and operator, as
-- freeze now fixes them; results: 8,192 positions per chunk (RESULT_CHUNK); a record: its bytes, one chunk.
CREATE TEMP TABLE migrating_entry_categories AS
WITH earliest AS (
  SELECT DISTINCT ON (l.draw_id, l.entry_id) l.draw_id, l.entry_id,
         to_char(a.confirmed_at AT TIME ZONE 'UTC', 'IYYY-"W"IW') AS week, a.operator_id::text AS operator
  FROM draw_entry_applicants l JOIN applicants a ON a.id = l.applicant_id
  ORDER BY l.draw_id, l.entry_id, a.confirmed_at NULLS LAST, a.id
), keyed AS (
  SELECT e.draw_id, e.position, coalesce(x.week, '_inconnu') AS week, coalesce(x.operator, '_inconnu') AS operator
  FROM draw_entries e LEFT JOIN earliest x ON x.draw_id = e.draw_id AND x.entry_id = e.entry_id
)
SELECT draw_id, position, week, operator,
       (dense_rank() OVER (PARTITION BY draw_id ORDER BY week COLLATE "C", operator COLLATE "C") - 1)::int AS category
FROM keyed;--> statement-breakpoint
-- The distinct tails (bucket, seats, choices) of each draw's leaves, in order of first position.
CREATE TEMP TABLE migrating_entry_tails AS
SELECT draw_id, position, bucket, seats, choices,
       (dense_rank() OVER (PARTITION BY draw_id ORDER BY first_position, bucket, seats, choices::text) - 1)::int AS tail
FROM (
  SELECT e.draw_id, e.position, e.bucket, e.seats, e.choices,
         min(e.position) OVER (PARTITION BY e.draw_id, e.bucket, e.seats, e.choices::text) AS first_position
  FROM draw_entries e
) t;--> statement-breakpoint
-- One update of each draw (the draws' foreign keys are checked again on a second update in one transaction).
UPDATE draws d SET entry_categories = c.list, entry_tails = t.list
FROM (
  SELECT draw_id, jsonb_agg(jsonb_build_object('week', week, 'operator', operator) ORDER BY category) AS list
  FROM (SELECT DISTINCT draw_id, category, week, operator FROM migrating_entry_categories) x
  GROUP BY draw_id
) c,
(
  SELECT draw_id, jsonb_agg(jsonb_build_object('bucket', bucket, 'seats', seats, 'choices', choices) ORDER BY tail) AS list
  FROM (SELECT DISTINCT ON (draw_id, tail) draw_id, tail, bucket, seats, choices FROM migrating_entry_tails
        ORDER BY draw_id, tail) x
  GROUP BY draw_id
) t
WHERE d.id = c.draw_id AND d.id = t.draw_id;--> statement-breakpoint
INSERT INTO draw_leaf_chunks (draw_id, first_position, count, ids, tails, categories)
SELECT e.draw_id, (e.position / 65536) * 65536, count(*)::int,
       string_agg(decode(e.entry_id, 'hex'), ''::bytea ORDER BY e.position),
       string_agg(int4send(t.tail), ''::bytea ORDER BY e.position),
       string_agg(int4send(m.category), ''::bytea ORDER BY e.position)
FROM draw_entries e
JOIN migrating_entry_tails t ON t.draw_id = e.draw_id AND t.position = e.position
JOIN migrating_entry_categories m ON m.draw_id = e.draw_id AND m.position = e.position
GROUP BY e.draw_id, e.position / 65536;--> statement-breakpoint
DROP TABLE migrating_entry_tails;--> statement-breakpoint
INSERT INTO draw_result_chunks (draw_id, first_position, draw_ranks, outcomes, reserve_ranks)
SELECT draw_id, (position / 8192) * 8192, array_agg(draw_rank ORDER BY position),
       array_agg(outcome ORDER BY position), array_agg(reserve_rank ORDER BY position)
FROM draw_entries WHERE draw_rank IS NOT NULL
GROUP BY draw_id, position / 8192;--> statement-breakpoint
INSERT INTO draw_record_chunks (draw_id, seq, bytes)
SELECT draw_id, 0, convert_to(record_bytes, 'UTF8') FROM draw_records;--> statement-breakpoint
DROP TABLE migrating_entry_categories;--> statement-breakpoint
-- Each record's counts for the pages, from the old results columns (the column was added without NOT NULL).
ALTER TABLE draw_records DISABLE TRIGGER draw_records_immutable;--> statement-breakpoint
UPDATE draw_records r SET results_summary = s.summary
FROM (
  SELECT e.draw_id, jsonb_build_object(
    'allocatedEntries', count(*) FILTER (WHERE e.outcome > 0),
    'reserveEntries', count(*) FILTER (WHERE e.outcome = 0),
    'seatsFilled', coalesce(sum(e.seats) FILTER (WHERE e.outcome > 0), 0),
    'filled', coalesce((SELECT jsonb_agg(jsonb_build_object('event', f.event, 'seats', f.seats) ORDER BY f.event)
                        FROM (SELECT x.outcome_event AS event, sum(x.seats) AS seats FROM draw_entries x
                              WHERE x.draw_id = e.draw_id AND x.outcome > 0 GROUP BY x.outcome_event) f), '[]'::jsonb),
    'bySeats', (SELECT jsonb_agg(jsonb_build_object('seats', b.seats, 'allocated', b.allocated, 'reserve', b.reserve) ORDER BY b.seats)
                FROM (SELECT x.seats, count(*) FILTER (WHERE x.outcome > 0) AS allocated,
                             count(*) FILTER (WHERE x.outcome = 0) AS reserve
                      FROM draw_entries x WHERE x.draw_id = e.draw_id GROUP BY x.seats) b)
  ) AS summary
  FROM draw_entries e WHERE e.draw_rank IS NOT NULL GROUP BY e.draw_id
) s
WHERE r.draw_id = s.draw_id;--> statement-breakpoint
ALTER TABLE draw_records ENABLE TRIGGER draw_records_immutable;--> statement-breakpoint
ALTER TABLE draw_records ALTER COLUMN results_summary SET NOT NULL;--> statement-breakpoint
ALTER TABLE "draw_entries" DROP COLUMN "draw_rank";--> statement-breakpoint
ALTER TABLE "draw_entries" DROP COLUMN "number";--> statement-breakpoint
ALTER TABLE "draw_entries" DROP COLUMN "outcome";--> statement-breakpoint
ALTER TABLE "draw_entries" DROP COLUMN "outcome_event";--> statement-breakpoint
ALTER TABLE "draw_entries" DROP COLUMN "reserve_rank";--> statement-breakpoint
ALTER TABLE "draw_records" DROP COLUMN "record_bytes";--> statement-breakpoint
-- Written by hand: the chunks are written once and never changed, like the rows they replace (0009).
CREATE OR REPLACE FUNCTION gradins_draw_chunks_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'frozen leaves, results and signed records are immutable: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';
END $$;--> statement-breakpoint
CREATE TRIGGER draw_leaf_chunks_immutable BEFORE UPDATE OR DELETE ON draw_leaf_chunks FOR EACH ROW EXECUTE FUNCTION gradins_draw_chunks_immutable();--> statement-breakpoint
CREATE TRIGGER draw_result_chunks_immutable BEFORE UPDATE OR DELETE ON draw_result_chunks FOR EACH ROW EXECUTE FUNCTION gradins_draw_chunks_immutable();--> statement-breakpoint
CREATE TRIGGER draw_record_chunks_immutable BEFORE UPDATE OR DELETE ON draw_record_chunks FOR EACH ROW EXECUTE FUNCTION gradins_draw_chunks_immutable();--> statement-breakpoint
-- Chunks are already dense (random ids, indices): stored out of line without compression.
ALTER TABLE draw_leaf_chunks ALTER COLUMN ids SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE draw_leaf_chunks ALTER COLUMN tails SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE draw_leaf_chunks ALTER COLUMN categories SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE draw_record_chunks ALTER COLUMN bytes SET STORAGE EXTERNAL;--> statement-breakpoint
-- Nothing updates draw_entries any more: pages full again (0010 left room for in-place results).
ALTER TABLE draw_entries SET (fillfactor = 100);--> statement-breakpoint
-- One row per entry of a draw that has run, with its result: for queries over a whole draw (counts, charts,
-- checks, reserve lists). A single entry's result is one subscript: see applicants/choices.ts.
CREATE VIEW draw_entry_results AS
SELECT e.draw_id, e.entry_id, e.position, e.kind, e.bucket, e.seats, e.choices,
       r.draw_rank, r.outcome,
       CASE WHEN r.outcome > 0 THEN e.choices ->> (r.outcome - 1) END AS outcome_event,
       r.reserve_rank
FROM draw_result_chunks c
CROSS JOIN LATERAL unnest(c.draw_ranks, c.outcomes, c.reserve_ranks) WITH ORDINALITY AS r(draw_rank, outcome, reserve_rank, n)
JOIN draw_entries e ON e.draw_id = c.draw_id AND e.position = c.first_position + r.n::int - 1;
