"use client";

import { useMemo } from "react";
import { type DayGroup, sectionPosts } from "@/components/dashboard/group-posts";
import { browserZone } from "@/components/dashboard/local-time";
import { PostItem } from "@/components/dashboard/post-item";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/panel-state";
import type { PostView } from "@/lib/hooks/api-types";

type Props = {
  posts: PostView[] | undefined;
  isPending: boolean;
  error: Error | null;
  onRetry: () => void;
};

function Days({ groups, zone }: { groups: DayGroup[]; zone: string }) {
  return groups.map((g) => (
    <section key={g.key} className="day" aria-label={g.label}>
      <h4 className="day-title">
        {g.relative ? <span className="day-relative">{g.relative}</span> : null}
        {g.label}
      </h4>
      <ul className="post-list">
        {g.posts.map((p) => (
          <PostItem key={p.id} post={p} fallbackZone={zone} />
        ))}
      </ul>
    </section>
  ));
}

export function PostsPanel({ posts, isPending, error, onRetry }: Props) {
  const zone = useMemo(browserZone, []);
  const sections = useMemo(() => (posts ? sectionPosts(posts, zone) : null), [posts, zone]);

  let body: React.ReactNode;
  if (isPending) body = <LoadingRows rows={4} label="Loading posts…" />;
  else if (error && !posts)
    body = <ErrorState title="Posts could not be loaded" message={error.message} onRetry={onRetry} />;
  else if (!sections || sections.upcoming.length + sections.recent.length + sections.unscheduled.length === 0)
    body = (
      <EmptyState title="No posts in the last week or the next month">
        Create one with <code>POST /api/posts</code> and schedule it; it appears here within seconds.
      </EmptyState>
    );
  else
    body = (
      <>
        <h3 className="section-title">Upcoming</h3>
        {sections.upcoming.length ? (
          <Days groups={sections.upcoming} zone={zone} />
        ) : (
          <p className="muted">Nothing scheduled.</p>
        )}
        {sections.recent.length ? (
          <>
            <h3 className="section-title">Recent</h3>
            <Days groups={sections.recent} zone={zone} />
          </>
        ) : null}
        {sections.unscheduled.length ? (
          <>
            <h3 className="section-title">Drafts without a time</h3>
            <ul className="post-list">
              {sections.unscheduled.map((p) => (
                <PostItem key={p.id} post={p} fallbackZone={zone} />
              ))}
            </ul>
          </>
        ) : null}
      </>
    );

  return (
    <section className="card posts-panel" aria-labelledby="posts-heading" aria-busy={isPending}>
      <div className="card-head">
        <h2 id="posts-heading">Posts</h2>
        {error && posts ? (
          <span className="stale" role="status">
            Showing last known posts: {error.message}
          </span>
        ) : null}
      </div>
      {body}
    </section>
  );
}
