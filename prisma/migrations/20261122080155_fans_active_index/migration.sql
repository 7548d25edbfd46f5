-- huntaze:edited-by-hand
-- The index the schema declares (fans_creator_active_idx), built CONCURRENTLY: a plain CREATE INDEX
-- holds off every write to fans for as long as the build takes, which on production's table is
-- minutes of failed subscriptions. CONCURRENTLY cannot run inside a transaction block, so this
-- statement is alone in its migration (a script of one statement is not wrapped in one).
-- If the build fails part-way it leaves an INVALID index behind and the migration marked failed:
-- see docs/runbooks/rollback.md, "A migration that failed".
CREATE INDEX CONCURRENTLY "fans_creator_active_idx" ON "fans"("creator_id") WHERE ("deleted_at" IS NULL AND "unsubscribed_at" IS NULL);
