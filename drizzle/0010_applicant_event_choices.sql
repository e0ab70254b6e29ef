ALTER TABLE "applicants" ADD COLUMN "event_choices" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "draws" ADD COLUMN "entries_without_choice" integer;