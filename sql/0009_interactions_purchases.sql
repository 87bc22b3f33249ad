-- A covering index for the passes over one kind of interaction in a
-- period: the retention plugin's purchase statements (repeat rate,
-- frequency, AOV and its histogram, the CLVs' purchases and buyers; see
-- docs/metrics.md, "Retention and value", and docs/bench.md). The range
-- (business, kind, time) with the client, the amount and the breakdown
-- columns in the index, so these statements read no row of the table.
-- interactions_by_kind is its prefix and stays for now (demo-data's
-- deferred indexes and its tests name it).
ALTER TABLE interactions
  ADD KEY interactions_purchases (business_id, kind, occurred_at, client_id, amount,
                                  location_id, staff_id, service_id);
