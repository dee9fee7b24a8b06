CREATE TYPE "public"."action_status" AS ENUM('not_started', 'in_progress', 'done', 'blocked');--> statement-breakpoint
CREATE TYPE "public"."due_kind" AS ENUM('none', 'term', 'half_term', 'date', 'tbc');--> statement-breakpoint
CREATE TYPE "public"."plan_status" AS ENUM('draft', 'in_review', 'ratified', 'archived');--> statement-breakpoint
CREATE TYPE "public"."rag" AS ENUM('red', 'amber', 'green');--> statement-breakpoint
CREATE TYPE "public"."review_kind" AS ENUM('head_teachers', 'jcc');--> statement-breakpoint
CREATE TYPE "public"."review_status" AS ENUM('open', 'complete', 'historical');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('head_teacher', 'chair_of_governors', 'clerk', 'governor', 'jcc_member', 'subject_lead', 'staff', 'partnership_admin', 'viewer');--> statement-breakpoint
CREATE TYPE "public"."term" AS ENUM('autumn', 'spring', 'summer');--> statement-breakpoint
CREATE TABLE "partnership_schools" (
	"partnership_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"joined_on" date,
	"left_on" date,
	CONSTRAINT "partnership_schools_partnership_id_school_id_pk" PRIMARY KEY("partnership_id","school_id")
);
--> statement-breakpoint
CREATE TABLE "partnerships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partnerships_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "schools" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"short_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "role_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"partnership_id" uuid NOT NULL,
	"school_id" uuid,
	"role" "role" NOT NULL,
	"subject" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sign_in_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"ip" text NOT NULL,
	"succeeded" boolean NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"session_version" integer DEFAULT 0 NOT NULL,
	"disabled_at" timestamp with time zone,
	"last_sign_in_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "action_schools" (
	"action_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	CONSTRAINT "action_schools_action_id_school_id_pk" PRIMARY KEY("action_id","school_id")
);
--> statement-breakpoint
CREATE TABLE "actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"strand_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL,
	"owner_user_id" uuid,
	"owner_text" text,
	"due_kind" "due_kind" DEFAULT 'none' NOT NULL,
	"due_academic_year" integer,
	"due_term" "term",
	"due_half" integer,
	"due_date" date,
	"due_time" text,
	"due_label" text,
	"status" "action_status" DEFAULT 'not_started' NOT NULL,
	"rag" "rag",
	"rag_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "impact_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"strand_id" uuid NOT NULL,
	"action_id" uuid,
	"position" integer NOT NULL,
	"entry_date" date,
	"author_user_id" uuid,
	"author_text" text,
	"body" text NOT NULL,
	"evidence_url" text,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "objectives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"text" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"lineage_id" uuid NOT NULL,
	"version_number" integer DEFAULT 1 NOT NULL,
	"parent_plan_id" uuid,
	"title" text NOT NULL,
	"academic_year" integer NOT NULL,
	"year_label" text,
	"note" text,
	"objectives_intro" text,
	"impact_as_of" text,
	"status" "plan_status" DEFAULT 'draft' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "strand_objectives" (
	"strand_id" uuid NOT NULL,
	"objective_id" uuid NOT NULL,
	CONSTRAINT "strand_objectives_strand_id_objective_id_pk" PRIMARY KEY("strand_id","objective_id")
);
--> statement-breakpoint
CREATE TABLE "strands" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"subtitle" text,
	"key_objective" text DEFAULT '' NOT NULL,
	"intended_impact" text DEFAULT '' NOT NULL,
	"lead_user_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_signatures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"review_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"role" "role",
	"school_id" uuid,
	"signer_name" text NOT NULL,
	"role_label" text NOT NULL,
	"school_name" text,
	"imported" boolean DEFAULT false NOT NULL,
	"user_id" uuid,
	"signed_at" timestamp with time zone,
	"snapshot_hash" text,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" "review_kind" NOT NULL,
	"status" "review_status" DEFAULT 'open' NOT NULL,
	"held_on" date,
	"held_on_label" text,
	"statement" text,
	"attendees" text,
	"minutes" text DEFAULT '' NOT NULL,
	"snapshot_id" uuid,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"plan_id" uuid,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"verb" text NOT NULL,
	"actor_user_id" uuid,
	"actor_name" text NOT NULL,
	"actor_email" text,
	"actor_role" text,
	"actor_school" text,
	"ip" text,
	"user_agent" text,
	"changes" jsonb NOT NULL,
	"data" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "partnership_schools" ADD CONSTRAINT "partnership_schools_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_schools" ADD CONSTRAINT "partnership_schools_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_schools" ADD CONSTRAINT "action_schools_action_id_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."actions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_schools" ADD CONSTRAINT "action_schools_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_strand_id_strands_id_fk" FOREIGN KEY ("strand_id") REFERENCES "public"."strands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_entries" ADD CONSTRAINT "impact_entries_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_entries" ADD CONSTRAINT "impact_entries_strand_id_strands_id_fk" FOREIGN KEY ("strand_id") REFERENCES "public"."strands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_entries" ADD CONSTRAINT "impact_entries_action_id_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."actions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_entries" ADD CONSTRAINT "impact_entries_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_entries" ADD CONSTRAINT "impact_entries_withdrawn_by_id_users_id_fk" FOREIGN KEY ("withdrawn_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objectives" ADD CONSTRAINT "objectives_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_parent_plan_id_plans_id_fk" FOREIGN KEY ("parent_plan_id") REFERENCES "public"."plans"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strand_objectives" ADD CONSTRAINT "strand_objectives_strand_id_strands_id_fk" FOREIGN KEY ("strand_id") REFERENCES "public"."strands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strand_objectives" ADD CONSTRAINT "strand_objectives_objective_id_objectives_id_fk" FOREIGN KEY ("objective_id") REFERENCES "public"."objectives"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strands" ADD CONSTRAINT "strands_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strands" ADD CONSTRAINT "strands_lead_user_id_users_id_fk" FOREIGN KEY ("lead_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_signatures" ADD CONSTRAINT "review_signatures_review_id_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."reviews"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_signatures" ADD CONSTRAINT "review_signatures_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_signatures" ADD CONSTRAINT "review_signatures_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "partnership_schools_school_id_index" ON "partnership_schools" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "role_assignments_user_id_index" ON "role_assignments" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "role_assignments_partnership_id_index" ON "role_assignments" USING btree ("partnership_id");--> statement-breakpoint
CREATE INDEX "sign_in_attempts_email_at_index" ON "sign_in_attempts" USING btree ("email","at");--> statement-breakpoint
CREATE INDEX "sign_in_attempts_ip_at_index" ON "sign_in_attempts" USING btree ("ip","at");--> statement-breakpoint
CREATE INDEX "actions_strand_id_position_index" ON "actions" USING btree ("strand_id","position");--> statement-breakpoint
CREATE INDEX "actions_plan_id_index" ON "actions" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "actions_owner_user_id_index" ON "actions" USING btree ("owner_user_id");--> statement-breakpoint
CREATE INDEX "impact_entries_strand_id_position_index" ON "impact_entries" USING btree ("strand_id","position");--> statement-breakpoint
CREATE INDEX "impact_entries_plan_id_index" ON "impact_entries" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "objectives_plan_id_number_index" ON "objectives" USING btree ("plan_id","number");--> statement-breakpoint
CREATE INDEX "plans_partnership_id_index" ON "plans" USING btree ("partnership_id");--> statement-breakpoint
CREATE INDEX "plans_lineage_id_index" ON "plans" USING btree ("lineage_id");--> statement-breakpoint
CREATE INDEX "strand_objectives_objective_id_index" ON "strand_objectives" USING btree ("objective_id");--> statement-breakpoint
CREATE INDEX "strands_plan_id_position_index" ON "strands" USING btree ("plan_id","position");--> statement-breakpoint
CREATE INDEX "review_signatures_review_id_position_index" ON "review_signatures" USING btree ("review_id","position");--> statement-breakpoint
CREATE INDEX "reviews_plan_id_position_index" ON "reviews" USING btree ("plan_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_partnership_id_seq_index" ON "audit_events" USING btree ("partnership_id","seq");--> statement-breakpoint
CREATE INDEX "audit_events_plan_id_created_at_index" ON "audit_events" USING btree ("plan_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_events_entity_type_entity_id_created_at_index" ON "audit_events" USING btree ("entity_type","entity_id","created_at");