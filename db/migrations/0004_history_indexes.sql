DROP INDEX "audit_events_plan_id_created_at_index";--> statement-breakpoint
DROP INDEX "audit_events_strand_id_created_at_index";--> statement-breakpoint
DROP INDEX "audit_events_entity_type_entity_id_created_at_index";--> statement-breakpoint
CREATE INDEX "audit_events_plan_id_seq_index" ON "audit_events" USING btree ("plan_id","seq");--> statement-breakpoint
CREATE INDEX "audit_events_strand_id_seq_index" ON "audit_events" USING btree ("strand_id","seq");--> statement-breakpoint
CREATE INDEX "audit_events_entity_type_entity_id_seq_index" ON "audit_events" USING btree ("entity_type","entity_id","seq");