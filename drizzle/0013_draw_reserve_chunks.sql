CREATE TABLE "draw_reserve_chunks" (
	"draw_id" uuid NOT NULL,
	"bucket" text NOT NULL,
	"first_rank" integer NOT NULL,
	"last_rank" integer NOT NULL,
	"positions" integer[] NOT NULL,
	"reserve_ranks" integer[] NOT NULL,
	CONSTRAINT "draw_reserve_chunks_draw_id_bucket_first_rank_pk" PRIMARY KEY("draw_id","bucket","first_rank")
);
--> statement-breakpoint
ALTER TABLE "draw_reserve_chunks" ADD CONSTRAINT "draw_reserve_chunks_draw_id_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."draws"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Written by hand: the reserve lists of draws run before 0013, 8,192 entries a chunk as the run now writes them.
INSERT INTO draw_reserve_chunks (draw_id, bucket, first_rank, last_rank, positions, reserve_ranks)
SELECT draw_id, bucket, min(reserve_rank), max(reserve_rank),
       array_agg(position ORDER BY reserve_rank), array_agg(reserve_rank ORDER BY reserve_rank)
FROM (
  SELECT draw_id, bucket, position, reserve_rank,
         (row_number() OVER (PARTITION BY draw_id, bucket ORDER BY reserve_rank) - 1) / 8192 AS chunk
  FROM draw_entry_results
  WHERE outcome = 0
) reserve
GROUP BY draw_id, bucket, chunk;--> statement-breakpoint
CREATE TRIGGER draw_reserve_chunks_immutable BEFORE UPDATE OR DELETE ON draw_reserve_chunks FOR EACH ROW EXECUTE FUNCTION gradins_draw_chunks_immutable();
