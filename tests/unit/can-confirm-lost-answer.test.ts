import { TID } from "@atproto/common-web";
import { describe, expect, it } from "vitest";
import { createBlueskyAdapter } from "@/lib/publishing/networks/bluesky/adapter";
import { createFacebookAdapter } from "@/lib/publishing/networks/facebook/adapter";
import { createLinkedInAdapter } from "@/lib/publishing/networks/linkedin/adapter";
import { createMastodonAdapter } from "@/lib/publishing/networks/mastodon/adapter";
import { createXAdapter } from "@/lib/publishing/networks/x/adapter";

// Which checkpointed states let an adapter confirm by itself whether a lost attempt went out (the publishing core
// then calls it again instead of marking the result UNCONFIRMED).

describe("Bluesky: the record key", () => {
  const adapter = createBlueskyAdapter();
  const can = (state: Record<string, unknown>) => adapter.canConfirmLostAnswer?.(state);
  it("a stored TID: yes (the record is read back by it)", () => {
    expect(can({ rkey: TID.nextStr() })).toBe(true);
    expect(can({ rkey: "3jzfcijpj2z2a" })).toBe(true);
  });
  it("no key, or not a TID: no", () => {
    expect(can({})).toBe(false);
    expect(can({ rkey: "self" })).toBe(false);
    expect(can({ rkey: "3JZFCIJPJ2Z2A" })).toBe(false);
    expect(can({ rkey: 12 })).toBe(false);
    expect(can({ rkey: null })).toBe(false);
  });
});

describe("Mastodon: the send time", () => {
  const adapter = createMastodonAdapter();
  const can = (state: Record<string, unknown>) => adapter.canConfirmLostAnswer?.(state);
  it("a stored send time: yes (the recent statuses are searched)", () => {
    expect(can({ mastodonSentAt: "2026-11-29T15:00:00.000Z" })).toBe(true);
    expect(can({ mastodonSentAt: "2026-11-29T15:00:00.000Z", mastodonMedia: [{ itemId: "a", mediaId: "1" }] })).toBe(
      true,
    );
  });
  it("none, or cleared after a refusal: yes (the status request never left)", () => {
    expect(can({})).toBe(true);
    expect(can({ mastodonSentAt: null })).toBe(true);
    expect(can({ mastodonMedia: [{ itemId: "a", mediaId: "1" }] })).toBe(true);
  });
  it("a send time that cannot be read: no", () => {
    expect(can({ mastodonSentAt: "yesterday-ish" })).toBe(false);
    expect(can({ mastodonSentAt: 1764428400000 })).toBe(false);
  });
});

// X, LinkedIn and Facebook keep a send time like Mastodon's (canConfirmBySendTime), each under its own key.
describe.each([
  { name: "X", key: "xSentAt", adapter: () => createXAdapter() },
  { name: "LinkedIn", key: "linkedinSentAt", adapter: () => createLinkedInAdapter() },
  { name: "Facebook", key: "facebookSentAt", adapter: () => createFacebookAdapter() },
])("$name: the send time under $key", ({ key, adapter }) => {
  const can = (state: Record<string, unknown>) => adapter().canConfirmLostAnswer?.(state);
  it("a stored send time, none, or one cleared after a refusal: yes", () => {
    expect(can({ [key]: "2026-11-29T15:00:00.000Z" })).toBe(true);
    expect(can({})).toBe(true);
    expect(can({ [key]: null })).toBe(true);
  });
  it("a send time that cannot be read, under this adapter's key: no", () => {
    expect(can({ [key]: "yesterday-ish" })).toBe(false);
    expect(can({ [key]: 1764428400000 })).toBe(false);
    expect(can({ mastodonSentAt: "yesterday-ish" })).toBe(true);
  });
});
