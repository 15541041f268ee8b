import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import * as postRoute from "@/app/api/posts/[id]/route";
import * as postsRoute from "@/app/api/posts/route";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// Issue 8 part 2: tags in any human script, stored NFC-normalised, found again by ?tag=.

const { db, createWorkspace } = setupTestWorkspaces({ app: isolateAppSingletons() });
let token: string;
let workspaceId: string;

beforeEach(async () => {
  const created = await createWorkspace();
  token = created.token;
  workspaceId = created.workspace.id;
});

const CAFE_COMPOSED = "caf\u00e9";
const CAFE_DECOMPOSED = "cafe\u0301";
const ISTANBUL_LOWER = "i\u0307stanbul"; // Unicode default lower case of "İSTANBUL" (U+0130 → i + U+0307)

const createPost = (tags: string[]) =>
  callRoute(postsRoute.POST, { method: "POST", path: "/api/posts", token, body: { content: "c", tags } });
const byTag = async (tag: string) => {
  const res = await callRoute(postsRoute.GET, { path: `/api/posts?tag=${encodeURIComponent(tag)}`, token });
  expect(res.status, tag).toBe(200);
  return (res.json.posts as { id: string }[]).map((p) => p.id).sort();
};

describe("tags in any script", () => {
  it("accepts हिंदी, കവിത, อนิเมะ, İSTANBUL and a decomposed café, stores them NFC, and finds each by ?tag=", async () => {
    const res = await createPost(["हिंदी", "കവിത", "อนิเมะ", "İSTANBUL", CAFE_DECOMPOSED]);
    expect(res.status).toBe(201);
    expect(res.json.tags).toEqual(["हिंदी", "കവിത", "อนิเมะ", ISTANBUL_LOWER, CAFE_COMPOSED]);
    const stored = await db.post.findUniqueOrThrow({ where: { id: res.json.id } });
    expect(stored.tags).toEqual(["हिंदी", "കവിത", "อนิเมะ", ISTANBUL_LOWER, CAFE_COMPOSED]);
    for (const tag of stored.tags) expect(tag).toBe(tag.normalize("NFC"));

    for (const tag of ["हिंदी", "കവിത", "อนิเมะ", "İSTANBUL", "i̇stanbul", CAFE_COMPOSED, CAFE_DECOMPOSED, "CAFÉ"]) {
      expect(await byTag(tag), tag).toEqual([res.json.id]);
    }
  });

  it("a composed and a decomposed café are one tag: one entry on a post, and ?tag= finds posts with either", async () => {
    const both = await createPost([CAFE_COMPOSED, CAFE_DECOMPOSED]);
    expect(both.json.tags).toEqual([CAFE_COMPOSED]);
    const decomposed = await createPost([CAFE_DECOMPOSED]);
    const composed = await createPost([CAFE_COMPOSED]);
    const all = [both.json.id, decomposed.json.id, composed.json.id].sort();
    expect(await byTag(CAFE_COMPOSED)).toEqual(all);
    expect(await byTag(CAFE_DECOMPOSED)).toEqual(all);
    expect(await byTag("cafe")).toEqual([]);

    const patched = await callRoute(postRoute.PATCH, {
      method: "PATCH",
      path: `/api/posts/${composed.json.id}`,
      token,
      params: { id: composed.json.id },
      body: { tags: ["ＡＢＣ", CAFE_DECOMPOSED, "Cafe\u0301"] },
    });
    expect(patched.status).toBe(200);
    // NFC, not NFKC: full-width letters stay what they are.
    expect(patched.json.tags).toEqual(["ａｂｃ", CAFE_COMPOSED]);
  });

  it("keeps the joiners scripts need (Persian ZWNJ, Sinhala and Devanagari ZWJ) and drops a leading #", async () => {
    const persian = "می\u200Cروم";
    const sinhala = "ශ්\u200Dරී";
    const devanagari = "क्\u200Dष";
    const res = await createPost([persian, sinhala, devanagari, "#Launch"]);
    expect(res.status).toBe(201);
    expect(res.json.tags).toEqual([persian, sinhala, devanagari, "launch"]);
    expect(await byTag(persian)).toEqual([res.json.id]);
    expect(await byTag("#launch")).toEqual([res.json.id]);
  });

  it("still refuses what is not a tag: spaces, punctuation, a leading combining mark, over 50 characters", async () => {
    for (const tag of [
      "two words",
      "semi;colon",
      "\u0301abc",
      "x".repeat(51),
      "#",
      "a\u200D",
      "\u200Ca",
      "a\u200D\u200Db",
    ]) {
      const res = await createPost([tag]);
      expect(res.status, tag).toBe(400);
      expect(res.json.error.details.map((d: { path: string }) => d.path)).toEqual(["tags.0"]);
    }
  });
});

describe("migration 20261220040000_normalize_tags_nfc", () => {
  it("normalises tags stored before, merging a composed and a decomposed café and keeping first positions", async () => {
    const old = await db.post.create({
      data: { workspaceId, content: "old", tags: ["z", CAFE_DECOMPOSED, "hindi", CAFE_COMPOSED] },
    });
    const clean = await db.post.create({ data: { workspaceId, content: "clean", tags: ["a"] } });
    const sql = readFileSync("prisma/migrations/20261220040000_normalize_tags_nfc/migration.sql", "utf8");
    // Scoped to this test's rows, so parallel test files' posts are not touched.
    await db.$executeRawUnsafe(sql.replace(/;\s*$/, ` AND p."workspaceId" = '${workspaceId}';`));
    expect((await db.post.findUniqueOrThrow({ where: { id: old.id } })).tags).toEqual(["z", CAFE_COMPOSED, "hindi"]);
    expect((await db.post.findUniqueOrThrow({ where: { id: clean.id } })).tags).toEqual(["a"]);
  });
});
