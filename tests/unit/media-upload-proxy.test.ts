import * as pageStaticInfo from "next/dist/build/analysis/get-page-static-info";
import { describe, expect, it } from "vitest";
import { config } from "@/proxy";

// The media upload streams bodies up to MEDIA_MAX_VIDEO_BYTES: through the proxy Next would buffer them and hand the
// route at most 10 MB. Checked with Next's own matcher compiler, so a changed pattern syntax shows here.
// Not in Next's published types; the function Next itself runs on `config.matcher` at build time.
const { getMiddlewareMatchers } = pageStaticInfo as unknown as {
  getMiddlewareMatchers: (matcher: unknown, nextConfig: unknown) => { regexp: string }[];
};

describe("proxy matcher and the media upload", () => {
  const matchers = getMiddlewareMatchers(config.matcher, { i18n: undefined, basePath: "" });
  const runsOn = (pathname: string) => matchers.some((m) => new RegExp(m.regexp).test(pathname));

  it("leaves exactly /api/media (the upload) out", () => {
    expect(runsOn("/api/media")).toBe(false);
    expect(runsOn("/api/media/")).toBe(false);
  });

  it("still runs on every other /api path, the dashboard pages, and not on /media signed files", () => {
    for (const p of ["/api", "/api/posts", "/api/media/abc", "/api/media/abc/thumbnail", "/api/mediax", "/api/nope"])
      expect(runsOn(p), p).toBe(true);
    for (const p of ["/", "/insights", "/evergreen/x"]) expect(runsOn(p), p).toBe(true);
    expect(runsOn("/media/abc/original")).toBe(false);
  });
});
