CREATE TABLE "instance" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"installed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"gradins_version" text NOT NULL,
	CONSTRAINT "instance_single_row" CHECK ("instance"."id" = 1)
);
