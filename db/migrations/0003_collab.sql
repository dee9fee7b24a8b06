CREATE TABLE "collab_documents" (
	"name" text PRIMARY KEY NOT NULL,
	"plan_id" uuid NOT NULL,
	"snapshot" "bytea",
	"compacted_through" bigint DEFAULT 0 NOT NULL,
	"seeded_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "collab_updates" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"document_name" text NOT NULL,
	"update" "bytea" NOT NULL,
	"user_id" uuid,
	"size" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "collab_updates" ADD CONSTRAINT "collab_updates_document_name_collab_documents_name_fk" FOREIGN KEY ("document_name") REFERENCES "public"."collab_documents"("name") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collab_updates" ADD CONSTRAINT "collab_updates_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "collab_updates_document_name_id_index" ON "collab_updates" USING btree ("document_name","id");