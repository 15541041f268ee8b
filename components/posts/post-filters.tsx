"use client";

import { useEffect, useState } from "react";
import { useChannels } from "@/components/hooks/use-channels";
import styles from "@/components/posts/posts.module.css";
import { useMembers } from "@/components/settings/team/use-team";

const STATUSES = ["DRAFT", "SCHEDULED", "IN_REVIEW", "PUBLISHING", "PUBLISHED", "FAILED"] as const;
const STATUS_LABELS: Record<(typeof STATUSES)[number], string> = {
  DRAFT: "Draft",
  SCHEDULED: "Scheduled",
  IN_REVIEW: "In review",
  PUBLISHING: "Publishing",
  PUBLISHED: "Published",
  FAILED: "Failed",
};
const OUTCOMES = [
  ["failed", "Failed"],
  ["partly_published", "Partly published"],
  ["unconfirmed", "Unconfirmed"],
  ["published", "Published everywhere"],
] as const;

/**
 * The posts list's filters, each one a URL parameter (`params`; `onChange(key, value)` writes it): text (typed,
 * sent after a pause), status, publication outcome, channel, tag and author.
 */
export function PostFilters({
  params,
  onChange,
}: {
  params: URLSearchParams;
  onChange: (key: string, value: string) => void;
}) {
  const channels = useChannels();
  const members = useMembers();
  const urlText = params.get("q") ?? "";
  const [text, setText] = useState(urlText);
  // The URL changed by itself (Back, a link): the box shows it, rather than writing the old words back over it.
  const [seenUrlText, setSeenUrlText] = useState(urlText);
  if (urlText !== seenUrlText) {
    setSeenUrlText(urlText);
    if (urlText !== text.trim()) setText(urlText);
  }
  useEffect(() => {
    if (text.trim() === urlText) return;
    const timer = setTimeout(() => onChange("q", text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text, urlText, onChange]);

  return (
    <search className={styles.filters}>
      <label>
        Search text
        <input
          type="search"
          className={styles.search}
          value={text}
          placeholder="Words in the post… (press / to focus)"
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <label>
        Status
        <select value={params.get("status") ?? ""} onChange={(e) => onChange("status", e.target.value)}>
          <option value="">Any</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Publication
        <select value={params.get("outcome") ?? ""} onChange={(e) => onChange("outcome", e.target.value)}>
          <option value="">Any</option>
          {OUTCOMES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Channel
        <select value={params.get("channel") ?? ""} onChange={(e) => onChange("channel", e.target.value)}>
          <option value="">Any</option>
          {(channels.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.displayName}
            </option>
          ))}
        </select>
      </label>
      <label>
        Tag
        <input
          key={params.get("tag") ?? ""}
          className={styles.small}
          defaultValue={params.get("tag") ?? ""}
          onBlur={(e) => onChange("tag", e.target.value.trim().replace(/^#+/, ""))}
          onKeyDown={(e) => {
            if (e.key === "Enter") onChange("tag", e.currentTarget.value.trim().replace(/^#+/, ""));
          }}
        />
      </label>
      <label>
        Author
        <select value={params.get("author") ?? ""} onChange={(e) => onChange("author", e.target.value)}>
          <option value="">Anyone</option>
          {(members.data ?? []).map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
    </search>
  );
}
