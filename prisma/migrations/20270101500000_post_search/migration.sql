-- Finding posts (README "Finding posts", lib/posts/search-post-ids-sql.ts): GET /api/posts?q= matches the text anywhere in
-- a post (`content ILIKE '%…%'`), answered by a trigram GIN index, not a scan of the workspace's posts.
-- pg_trgm ships with PostgreSQL (contrib) and is a trusted extension (PostgreSQL 13+): a database owner may create it.
-- https://www.postgresql.org/docs/current/pgtrgm.html#PGTRGM-INDEX
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "Post_content_trgm_idx" ON "Post" USING GIN ("content" gin_trgm_ops);

-- The author filter (GET /api/posts?author=<userId>) within a workspace.
CREATE INDEX "Post_workspaceId_createdByUserId_idx" ON "Post"("workspaceId", "createdByUserId");
