import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PublicationResults } from "@/components/composer/publication-results";
import type { PostView, ResultView } from "@/components/hooks/api-types";
import { SessionProvider } from "@/components/hooks/use-session";
import type { SessionView } from "@/lib/auth/session-view";

type SessionProps = Parameters<typeof SessionProvider>[0];

// The composer's results list renders a platform's link only when it is http(s): a result stored before links were
// checked (or any other path that bypassed the check) must not turn `javascript:` into a clickable link.

const result = (channelId: string, url: string | null): ResultView => ({
  id: `result-${channelId}`,
  channelId,
  platform: "WEBHOOK",
  status: "SUCCEEDED",
  platformPostId: "p",
  url,
  errorMessage: null,
  errorKind: null,
  sentContent: "Hello",
  sentMediaUrls: [],
  sentMedia: [],
  responseStatus: 200,
  attempts: 1,
  publishedAt: "2026-12-01T10:00:00.000Z",
  channelName: channelId,
});

function render(results: ResultView[]): string {
  const post = {
    status: "PUBLISHED",
    version: 1,
    scheduledAtLocal: null,
    timezone: "UTC",
    channels: results.map((r) => ({ id: r.channelId, platform: "WEBHOOK", displayName: r.channelId, active: true })),
    latestPublication: { id: "pub-1", postVersion: 1, results },
    outcome: null,
  } as unknown as PostView;
  const client = new QueryClient();
  // The results' buttons are shown by role (useCan): an Editor's session, the only part read here.
  const session = {
    workspace: { permissions: ["posts:read", "posts:write", "posts:schedule"] },
  } as unknown as SessionView;
  return renderToStaticMarkup(
    createElement(
      QueryClientProvider,
      { client },
      createElement(SessionProvider, { initial: session } as SessionProps, createElement(PublicationResults, { post })),
    ),
  );
}

describe("publication results links", () => {
  it("renders an https link and nothing for javascript:, data: or sandbox: links", () => {
    const html = render([
      result("web", "https://social.example/p/1"),
      result("js", "javascript:alert(document.cookie)"),
      result("data", "data:text/html,<script>alert(1)</script>"),
      result("sandbox", "sandbox://c/1"),
    ]);
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).toContain('href="https://social.example/p/1"');
    expect(html).not.toMatch(/javascript:|data:text|sandbox:/);
  });
});
