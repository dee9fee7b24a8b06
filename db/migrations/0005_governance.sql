CREATE TYPE "public"."approval_rule" AS ENUM('jcc', 'school_board', 'all_boards');--> statement-breakpoint
CREATE TYPE "public"."board_decision" AS ENUM('approved', 'rejected', 'deferred');--> statement-breakpoint
CREATE TYPE "public"."recommendation_status" AS ENUM('pending', 'authorised', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."recommendation_type" AS ENUM('adopt_plan', 'amend_plan', 'meeting_schedule', 'admit_school', 'school_leaves', 'other');--> statement-breakpoint
ALTER TYPE "public"."plan_status" ADD VALUE 'awaiting_approval' BEFORE 'ratified';--> statement-breakpoint
CREATE TABLE "board_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"recommendation_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"decision" "board_decision" NOT NULL,
	"reason" text,
	"meeting_date" date NOT NULL,
	"minute_reference" text,
	"recorded_by_id" uuid,
	"recorded_by_name" text NOT NULL,
	"role_label" text NOT NULL,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_feeds" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_feeds_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"partnership_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"href" text NOT NULL,
	"subject_id" uuid,
	"school_id" uuid,
	"read_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"emailed" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_publications" (
	"lineage_id" uuid PRIMARY KEY NOT NULL,
	"partnership_id" uuid NOT NULL,
	"token" text NOT NULL,
	"published_at" timestamp with time zone,
	"published_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"content" jsonb NOT NULL,
	"hash" text NOT NULL,
	"taken_by_id" uuid,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recommendations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"review_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"type" "recommendation_type" NOT NULL,
	"text" text NOT NULL,
	"subject_school_id" uuid,
	"rule" "approval_rule" NOT NULL,
	"required_school_ids" jsonb NOT NULL,
	"snapshot_id" uuid,
	"status" "recommendation_status" DEFAULT 'pending' NOT NULL,
	"resolved_at" timestamp with time zone,
	"rejection_reason" text,
	"created_by_id" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_signature_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"review_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"role" "role" NOT NULL,
	"school_id" uuid NOT NULL,
	"role_label" text NOT NULL,
	"school_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signature_withdrawals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"signature_id" uuid NOT NULL,
	"review_id" uuid NOT NULL,
	"user_id" uuid,
	"reason" text NOT NULL,
	"ip" text,
	"user_agent" text,
	"withdrawn_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "signature_withdrawals_signatureId_unique" UNIQUE("signature_id")
);
--> statement-breakpoint
ALTER TABLE "partnerships" ADD COLUMN "governance" jsonb;--> statement-breakpoint
ALTER TABLE "actions" ADD COLUMN "origin_id" uuid;--> statement-breakpoint
ALTER TABLE "impact_entries" ADD COLUMN "origin_id" uuid;--> statement-breakpoint
ALTER TABLE "objectives" ADD COLUMN "origin_id" uuid;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "ratified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "strands" ADD COLUMN "origin_id" uuid;--> statement-breakpoint
ALTER TABLE "review_signatures" ADD COLUMN "line_id" uuid;--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "completed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "board_decisions" ADD CONSTRAINT "board_decisions_recommendation_id_recommendations_id_fk" FOREIGN KEY ("recommendation_id") REFERENCES "public"."recommendations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_decisions" ADD CONSTRAINT "board_decisions_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_decisions" ADD CONSTRAINT "board_decisions_recorded_by_id_users_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_publications" ADD CONSTRAINT "plan_publications_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_publications" ADD CONSTRAINT "plan_publications_published_by_id_users_id_fk" FOREIGN KEY ("published_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_snapshots" ADD CONSTRAINT "plan_snapshots_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_snapshots" ADD CONSTRAINT "plan_snapshots_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_snapshots" ADD CONSTRAINT "plan_snapshots_taken_by_id_users_id_fk" FOREIGN KEY ("taken_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_review_id_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."reviews"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_subject_school_id_schools_id_fk" FOREIGN KEY ("subject_school_id") REFERENCES "public"."schools"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_snapshot_id_plan_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."plan_snapshots"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_signature_lines" ADD CONSTRAINT "review_signature_lines_review_id_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."reviews"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_signature_lines" ADD CONSTRAINT "review_signature_lines_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_withdrawals" ADD CONSTRAINT "signature_withdrawals_signature_id_review_signatures_id_fk" FOREIGN KEY ("signature_id") REFERENCES "public"."review_signatures"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_withdrawals" ADD CONSTRAINT "signature_withdrawals_review_id_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."reviews"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_withdrawals" ADD CONSTRAINT "signature_withdrawals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "board_decisions_recommendation_id_created_at_index" ON "board_decisions" USING btree ("recommendation_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_user_id_created_at_index" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_subject_id_index" ON "notifications" USING btree ("subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_publications_token_index" ON "plan_publications" USING btree ("token");--> statement-breakpoint
CREATE INDEX "plan_snapshots_plan_id_taken_at_index" ON "plan_snapshots" USING btree ("plan_id","taken_at");--> statement-breakpoint
CREATE INDEX "recommendations_review_id_position_index" ON "recommendations" USING btree ("review_id","position");--> statement-breakpoint
CREATE INDEX "recommendations_plan_id_index" ON "recommendations" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "review_signature_lines_review_id_position_index" ON "review_signature_lines" USING btree ("review_id","position");--> statement-breakpoint
ALTER TABLE "review_signatures" ADD CONSTRAINT "review_signatures_line_id_review_signature_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."review_signature_lines"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_snapshot_id_plan_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."plan_snapshots"("id") ON DELETE restrict ON UPDATE no action;