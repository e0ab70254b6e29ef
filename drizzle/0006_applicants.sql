CREATE TABLE "applicant_consents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"applicant_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"party" text NOT NULL,
	"notice_version_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"recorded_by" uuid,
	"signed_name" text,
	"given_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "applicant_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"operator_id" uuid NOT NULL,
	"name" text NOT NULL,
	"size" integer NOT NULL,
	"mobility_needs" jsonb NOT NULL,
	"manager_user_id" uuid,
	"submission_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "applicant_groups_submission_id_unique" UNIQUE("submission_id"),
	CONSTRAINT "applicant_groups_size" CHECK ("applicant_groups"."size" between 2 and 200)
);
--> statement-breakpoint
CREATE TABLE "applicant_import_rejections" (
	"import_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "applicant_import_rejections_import_id_line_pk" PRIMARY KEY("import_id","line")
);
--> statement-breakpoint
CREATE TABLE "applicant_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"operator_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"status" text NOT NULL,
	"bytes_total" integer,
	"bytes_read" integer DEFAULT 0 NOT NULL,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"rows_created" integer DEFAULT 0 NOT NULL,
	"rows_unchanged" integer DEFAULT 0 NOT NULL,
	"rows_rejected" integer DEFAULT 0 NOT NULL,
	"failure" text,
	"file_received_at" timestamp with time zone,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "applicant_links" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"applicant_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "applicants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_ref" text NOT NULL,
	"programme_id" uuid NOT NULL,
	"operator_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"birth_surname" text NOT NULL,
	"first_names" text NOT NULL,
	"birth_date" date NOT NULL,
	"email" text,
	"statuses" jsonb NOT NULL,
	"identity_key" text NOT NULL,
	"group_id" uuid,
	"group_role" text,
	"carer_pair_id" uuid,
	"carer_role" text,
	"import_id" uuid,
	"submission_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "group_participants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"group_id" uuid NOT NULL,
	"birth_surname" text NOT NULL,
	"first_names" text NOT NULL,
	"birth_date" date NOT NULL,
	"identity_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"version" text NOT NULL,
	"language" text DEFAULT 'fr' NOT NULL,
	"body" text NOT NULL,
	"sha256" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "applicant_consents" ADD CONSTRAINT "applicant_consents_applicant_id_applicants_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."applicants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applicant_consents" ADD CONSTRAINT "applicant_consents_notice_version_id_notice_versions_id_fk" FOREIGN KEY ("notice_version_id") REFERENCES "public"."notice_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applicant_consents" ADD CONSTRAINT "applicant_consents_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applicant_groups" ADD CONSTRAINT "applicant_groups_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applicant_groups" ADD CONSTRAINT "applicant_groups_operator_id_organisations_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applicant_groups" ADD CONSTRAINT "applicant_groups_manager_user_id_users_id_fk" FOREIGN KEY ("manager_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applicant_import_rejections" ADD CONSTRAINT "applicant_import_rejections_import_id_applicant_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."applicant_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applicant_imports" ADD CONSTRAINT "applicant_imports_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applicant_imports" ADD CONSTRAINT "applicant_imports_operator_id_organisations_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applicant_imports" ADD CONSTRAINT "applicant_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applicant_links" ADD CONSTRAINT "applicant_links_applicant_id_applicants_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."applicants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applicants" ADD CONSTRAINT "applicants_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applicants" ADD CONSTRAINT "applicants_operator_id_organisations_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applicants" ADD CONSTRAINT "applicants_group_id_applicant_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."applicant_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_participants" ADD CONSTRAINT "group_participants_group_id_applicant_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."applicant_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "applicant_consents_applicant" ON "applicant_consents" USING btree ("applicant_id");--> statement-breakpoint
CREATE INDEX "applicant_links_applicant" ON "applicant_links" USING btree ("applicant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "applicants_entry_ref" ON "applicants" USING btree ("entry_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "applicants_submission" ON "applicants" USING btree ("submission_id");--> statement-breakpoint
CREATE UNIQUE INDEX "applicants_programme_identity" ON "applicants" USING btree ("programme_id","identity_key");--> statement-breakpoint
CREATE INDEX "applicants_identity" ON "applicants" USING btree ("identity_key");--> statement-breakpoint
CREATE INDEX "applicants_operator_list" ON "applicants" USING btree ("operator_id","programme_id","birth_surname","id");--> statement-breakpoint
CREATE INDEX "applicants_operator_all" ON "applicants" USING btree ("operator_id","birth_surname","id");--> statement-breakpoint
CREATE INDEX "applicants_group" ON "applicants" USING btree ("group_id");--> statement-breakpoint
CREATE UNIQUE INDEX "group_participants_unique" ON "group_participants" USING btree ("group_id","identity_key");--> statement-breakpoint
CREATE INDEX "group_participants_identity" ON "group_participants" USING btree ("identity_key");--> statement-breakpoint
CREATE UNIQUE INDEX "notice_versions_unique" ON "notice_versions" USING btree ("kind","version","language");--> statement-breakpoint
-- Written by hand after the generated part. Every version of the texts people accept is kept, unchanged
-- (TAJ-5): a consent names the version and its SHA-256.
CREATE OR REPLACE FUNCTION gradins_notice_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'notice versions are kept unchanged: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';
END $$;--> statement-breakpoint
CREATE TRIGGER notice_versions_immutable BEFORE UPDATE OR DELETE ON notice_versions FOR EACH ROW EXECUTE FUNCTION gradins_notice_versions_immutable();--> statement-breakpoint
CREATE TRIGGER notice_versions_no_truncate BEFORE TRUNCATE ON notice_versions FOR EACH STATEMENT EXECUTE FUNCTION gradins_notice_versions_immutable();--> statement-breakpoint
-- The hash is the database's own computation of the text, whatever a caller says.
CREATE OR REPLACE FUNCTION gradins_notice_versions_hash() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.sha256 := encode(sha256(convert_to(NEW.body, 'UTF8')), 'hex');
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER notice_versions_hash BEFORE INSERT ON notice_versions FOR EACH ROW EXECUTE FUNCTION gradins_notice_versions_hash();--> statement-breakpoint
INSERT INTO notice_versions (kind, version, language, body, sha256, published_at)
SELECT kind, '1', 'fr', body, encode(sha256(convert_to(body, 'UTF8')), 'hex'), '2024-01-01T00:00:00Z'
FROM (VALUES
  ('privacy_notice', E'Information sur vos données personnelles — programme « Tous aux Jeux »\n\nQui traite vos données ? L’opérateur qui distribue les billets du programme (le ministère ou l’organisme indiqué sur le formulaire), pour le compte de l’État (Délégation interministérielle aux Jeux olympiques et paralympiques).\n\nPourquoi ? Pour vérifier que vous pouvez bénéficier d’un billet gratuit offert par l’État, désigner les bénéficiaires par tirage au sort, vous envoyer votre billet nominatif et contrôler qu’une même personne ne reçoit pas deux billets pour les mêmes Jeux au titre de deux programmes.\n\nSur quelle base ? Votre consentement, et pour un mineur celui de son représentant légal (et le sien s’il a moins de 15 ans). Vous pouvez le retirer à tout moment, aussi simplement que vous l’avez donné : votre candidature est alors annulée et vos données effacées.\n\nQuelles données ? Nom de naissance, prénoms, date de naissance, adresse électronique (ou celle du responsable de votre groupe), et seulement les justificatifs que le programme demande. Aucune donnée de santé n’est demandée : pour un groupe, les besoins de mobilité sont comptés sans nom.\n\nQui les voit ? Les agents habilités de l’opérateur (pour un groupe, seulement les données du responsable), et le service de contrôle interne. Elles ne sont ni vendues ni cédées.\n\nCombien de temps ? Jusqu’à six mois après la clôture des Jeux, puis elles sont effacées automatiquement. Si vous acceptez d’être recontacté après les Jeux, votre nom et votre adresse électronique sont gardés douze mois de plus pour ce seul usage.\n\nVos droits : accès, rectification, effacement, retrait du consentement, opposition, par la page de suivi de votre candidature ou auprès de l’opérateur. Vous pouvez aussi saisir la CNIL (www.cnil.fr).'),
  ('privacy_notice_easy', E'Vos informations — en facile à lire\n\nVous voulez un billet gratuit pour les Jeux.\nNous avons besoin de quelques informations sur vous :\n- votre nom de naissance,\n- vos prénoms,\n- votre date de naissance,\n- votre adresse mail.\n\nNous les utilisons pour :\n- vérifier que vous pouvez avoir un billet,\n- faire le tirage au sort,\n- vous envoyer votre billet.\n\nNous ne donnons pas vos informations à d’autres personnes.\nNous effaçons vos informations 6 mois après les Jeux.\n\nVous pouvez changer d’avis à tout moment.\nSi vous changez d’avis, nous effaçons vos informations.\nVous n’aurez alors plus de billet.\n\nSi vous avez moins de 18 ans, un parent doit être d’accord.\nSi vous avez moins de 15 ans, vous et un parent devez être d’accord.'),
  ('usage_charter', E'Charte d’utilisation des billets « Tous aux Jeux »\n\nVotre billet est offert par l’État. Il est nominatif : il porte votre nom et ne sert qu’à vous.\n\nJe m’engage à ne pas revendre mon billet, ni le donner ou le céder à une autre personne en dehors de la procédure officielle de réaffectation. La revente est techniquement impossible et interdite, y compris sur la plateforme officielle.\n\nJe sais que détourner un billet offert par l’État peut constituer une infraction pénale (détournement de fonds publics, abus de confiance, corruption) et que l’autorité qui l’a attribué peut prendre des sanctions, y compris disciplinaires, en cas de manquement à cette charte.'),
  ('attendance_commitment', E'Engagement de disponibilité\n\nJe m’engage à être disponible le jour de l’événement et à utiliser mon billet. Si je ne peux plus venir, je le signale au plus tard la veille de l’événement, pour que le billet soit donné à une autre personne.'),
  ('post_games_contact', E'Après les Jeux (facultatif)\n\nJ’accepte que l’opérateur me recontacte après les Jeux, par courriel, pour un message rappelant l’événement ou une invitation à une animation. Mon nom et mon adresse électronique sont gardés douze mois après les Jeux pour ce seul usage. Je peux m’y opposer à tout moment depuis ma page de suivi ou en répondant au message ; refuser ne change rien à ma candidature.')
) AS texts(kind, body);
