-- What was signed and decided is kept as it was: the database refuses to change or remove a snapshot,
-- a signature, a withdrawal or a board decision, whatever the application does.
CREATE OR REPLACE FUNCTION governance_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER plan_snapshots_no_update_delete BEFORE UPDATE OR DELETE ON plan_snapshots
  FOR EACH ROW EXECUTE FUNCTION governance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER plan_snapshots_no_truncate BEFORE TRUNCATE ON plan_snapshots
  FOR EACH STATEMENT EXECUTE FUNCTION governance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER review_signatures_no_update_delete BEFORE UPDATE OR DELETE ON review_signatures
  FOR EACH ROW EXECUTE FUNCTION governance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER review_signatures_no_truncate BEFORE TRUNCATE ON review_signatures
  FOR EACH STATEMENT EXECUTE FUNCTION governance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER signature_withdrawals_no_update_delete BEFORE UPDATE OR DELETE ON signature_withdrawals
  FOR EACH ROW EXECUTE FUNCTION governance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER signature_withdrawals_no_truncate BEFORE TRUNCATE ON signature_withdrawals
  FOR EACH STATEMENT EXECUTE FUNCTION governance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER board_decisions_no_update_delete BEFORE UPDATE OR DELETE ON board_decisions
  FOR EACH ROW EXECUTE FUNCTION governance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER board_decisions_no_truncate BEFORE TRUNCATE ON board_decisions
  FOR EACH STATEMENT EXECUTE FUNCTION governance_refuse_change();
