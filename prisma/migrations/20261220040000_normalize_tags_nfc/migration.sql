-- Tags are NFC-normalised on write since issue 8, see lib/schemas/posts.ts. Bring older rows in line: normalise
-- each tag with the PostgreSQL normalize function, drop the duplicates this makes, a composed and a decomposed
-- cafe being one tag, and keep each tag at its first position. Tags were already lower-cased on write.
UPDATE "Post" AS p
SET tags = fixed.tags
FROM (
  SELECT id,
         ARRAY(
           SELECT n
           FROM (
             SELECT normalize(t, NFC) AS n, min(i) AS first
             FROM unnest(tags) WITH ORDINALITY AS u(t, i)
             GROUP BY 1
           ) AS g
           ORDER BY first
         ) AS tags
  FROM "Post"
  WHERE tags <> '{}'
) AS fixed
WHERE p.id = fixed.id AND p.tags IS DISTINCT FROM fixed.tags;
