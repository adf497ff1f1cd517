-- 0011: an audit event names the bloc-year it belongs to. Until now the year was inferred from the time (the
-- stretch in which it was the bloc's latest year), which put a late correction to last year's sheet into this
-- year's trail. Events written before this migration get the year inferred that way, once, here.
ALTER TABLE audit_event ADD COLUMN year_id INTEGER REFERENCES bloc_year (id);
UPDATE audit_event SET year_id = (
    SELECT y.id FROM bloc_year y
     WHERE y.bloc_id = audit_event.bloc_id AND y.created_at <= audit_event.at
     ORDER BY y.year DESC LIMIT 1)
 WHERE bloc_id IS NOT NULL;
-- the first year's own creation ('bloc.created') happens in the transaction that creates the year, a moment before
UPDATE audit_event SET year_id = (
    SELECT y.id FROM bloc_year y WHERE y.bloc_id = audit_event.bloc_id ORDER BY y.year LIMIT 1)
 WHERE bloc_id IS NOT NULL AND year_id IS NULL;
CREATE INDEX audit_event_year ON audit_event (year_id, id);
