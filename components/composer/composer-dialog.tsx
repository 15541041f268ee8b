"use client";

import { AlertDialog, Dialog, Switch } from "radix-ui";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { ChannelAvatar } from "@/components/calendar/channel-avatar";
import { PlatformBadge } from "@/components/calendar/platform-badge";
import { chipStateOf } from "@/components/calendar/status";
import { ChannelCounters } from "@/components/composer/channel-counters";
import { ChannelPreview } from "@/components/composer/channel-preview";
import { ChannelTexts } from "@/components/composer/channel-texts";
import { type Field, type FieldErrors, toFieldErrors } from "@/components/composer/field-errors";
import { legacyMediaUrls } from "@/components/composer/legacy-media-urls";
import { MediaTray, useFileDrop } from "@/components/composer/media-tray";
import { pendingUploads, toContentMediaList, toPostMediaInput } from "@/components/composer/media-tray-state";
import { PublicationResults } from "@/components/composer/publication-results";
import { ReviewPanel } from "@/components/composer/review-panel";
import { SentCard } from "@/components/composer/sent-card";
import { StatusBadge } from "@/components/composer/status-badge";
import { TimePicker } from "@/components/composer/time-picker";
import { type AutosaveState, useDraftAutosave } from "@/components/composer/use-draft-autosave";
import { toTrayMedia, useMediaTray } from "@/components/composer/use-media-tray";
import type { PostView } from "@/components/hooks/api-types";
import { useNeedsApproval } from "@/components/hooks/use-approvals";
import { type ChannelView, useChannels } from "@/components/hooks/use-channels";
import { useCan } from "@/components/hooks/use-permission";
import {
  ApiFieldError,
  type PostInput,
  useSavePost,
  useSchedulePost,
  useUnschedulePost,
} from "@/components/hooks/use-post-mutations";
import { type QueuedPostView, useQueuePost } from "@/components/hooks/use-posting-queue";
import { useSession } from "@/components/hooks/use-session";
import { type PostBefore, useUndoToasts } from "@/components/hooks/use-undo-toasts";
import confirmStyles from "@/components/ui/confirm-dialog.module.css";
import dialogStyles from "@/components/ui/dialog.module.css";
import { keepOpenOnToast } from "@/components/ui/keep-open-on-toast";
import type { Platform } from "@/lib/generated/prisma/enums";

const EVERGREEN = "evergreen";

/**
 * What opens the composer: an existing post, or a new one (optionally at a slot's date and time, and with the
 * slot's channels picked: `channelIds`, else the workspace's default channels).
 */
export type ComposerTarget = { postId?: string; date?: string; time?: string; timezone: string; channelIds?: string[] };

export function ComposerDialog({
  target,
  post,
  zones,
  onClose,
}: {
  target: (ComposerTarget & { key: number }) | null;
  post: PostView | undefined;
  zones: string[];
  onClose: () => void;
}) {
  /** Whether the open form has changes not saved yet; the form keeps it current. */
  const dirty = useRef<() => boolean>(() => false);
  const [asking, setAsking] = useState(false);
  /** A draft copy made from the sent card ("Edit as new", a toast's "Open"), shown instead of the post opened. */
  const [copy, setCopy] = useState<{ post: PostView; key: number; of: number } | null>(null);
  const shownCopy = copy && target && copy.of === target.key ? copy : null;
  // A post that went out on every channel opens as the read-only sent card; decided once per opening, so a post
  // that finishes publishing while it is open (a retry) does not swap the form away under the person. A partly
  // published or unconfirmed one stays the form: its failed channels may need an edit before a retry.
  const sentMode = useRef<{ key: number; sent: boolean } | null>(null);
  if (target && post && sentMode.current?.key !== target.key) {
    sentMode.current = { key: target.key, sent: post.status === "PUBLISHED" && chipStateOf(post).key === "published" };
  }
  const showSent = !!target?.postId && sentMode.current?.key === target?.key && sentMode.current.sent;
  // Esc, the × button and a click outside all come here: unsaved changes are never dropped without asking.
  const requestClose = () => {
    if (dirty.current()) setAsking(true);
    else onClose();
  };
  const registerDirty = useCallback((check: () => boolean) => {
    dirty.current = check;
  }, []);
  return (
    <Dialog.Root open={target !== null} onOpenChange={(open) => (open ? undefined : requestClose())}>
      <Dialog.Portal>
        <Dialog.Overlay className="composer-overlay" />
        <Dialog.Content
          className="composer"
          aria-describedby="composer-description"
          onInteractOutside={keepOpenOnToast}
        >
          {target && shownCopy ? (
            <ComposerForm
              key={`copy-${shownCopy.key}`}
              target={{ postId: shownCopy.post.id, timezone: target.timezone }}
              post={shownCopy.post}
              zones={zones}
              onClose={onClose}
              registerDirty={registerDirty}
            />
          ) : target && post && showSent ? (
            <SentCard
              key={target.key}
              post={post}
              onOpenCopy={(next) => setCopy({ post: next, key: Date.now(), of: target.key })}
            />
          ) : target ? (
            <ComposerForm
              key={target.key}
              target={target}
              post={post}
              zones={zones}
              onClose={onClose}
              registerDirty={registerDirty}
            />
          ) : null}
          <DiscardDialog
            open={asking}
            onKeep={() => setAsking(false)}
            onDiscard={() => {
              setAsking(false);
              dirty.current = () => false;
              onClose();
            }}
          />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** "Discard changes?" before the composer closes with edits not saved (Esc, ×, a click outside). */
function DiscardDialog({ open, onKeep, onDiscard }: { open: boolean; onKeep: () => void; onDiscard: () => void }) {
  return (
    <AlertDialog.Root open={open} onOpenChange={(next) => (next ? undefined : onKeep())}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="composer-overlay" />
        <AlertDialog.Content className={dialogStyles.dialog} aria-modal="true">
          <AlertDialog.Title className={dialogStyles.title}>Discard changes?</AlertDialog.Title>
          <AlertDialog.Description className="muted">
            This post has changes that are not saved yet. Discarding closes the composer without them.
          </AlertDialog.Description>
          <div className={dialogStyles.buttons}>
            <AlertDialog.Cancel className="button">Keep editing</AlertDialog.Cancel>
            <AlertDialog.Action className={`button ${confirmStyles.danger}`} onClick={onDiscard}>
              Discard
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

/** `defaultChannelIds`: the workspace's default channels (Settings → Workspace), preselected for a new post only. */
function initialState(target: ComposerTarget, post: PostView | undefined, defaultChannelIds: string[]) {
  const local = post?.scheduledAtLocal;
  return {
    content: post?.content ?? "",
    channelIds: post?.channels.map((c) => c.id) ?? (target.postId ? [] : (target.channelIds ?? defaultChannelIds)),
    /** The channels with a text of their own ("Customise"), by id; the others are sent `content`. */
    custom: Object.fromEntries(
      (post?.channels ?? []).flatMap((c) => (c.content === null ? [] : [[c.id, c.content]])),
    ) as Record<string, string>,
    tags: (post?.tags ?? []).filter((t) => t !== EVERGREEN).join(", "),
    evergreen: post?.tags.includes(EVERGREEN) ?? false,
    mediaUrls: legacyMediaUrls(post).join("\n"),
    date: local ? local.slice(0, 10) : (target.date ?? ""),
    time: local ? local.slice(11, 16) : (target.time ?? ""),
    timezone: (local && post?.timezone) || target.timezone,
  };
}

/** Files dropped or pasted on the composer that are not images or videos still go to the server, which names why not. */
function clipboardFiles(data: DataTransfer | null): File[] {
  return Array.from(data?.files ?? []);
}

/**
 * Moves focus to the first control marked invalid, in DOM order, so a keyboard or screen-reader user lands where
 * the fix goes (and hears its label and error, which aria-describedby names). With no invalid control (a network
 * error, a conflict) focus goes to the summary: the buttons were disabled while the request ran, which leaves focus
 * on the page body otherwise.
 */
function focusFirstError(form: HTMLFormElement | null) {
  const target =
    form?.querySelector<HTMLElement>('[aria-invalid="true"]:not(:disabled)') ??
    form?.querySelector<HTMLElement>("#composer-form-error");
  target?.focus();
}

function ComposerForm({
  target,
  post,
  zones,
  onClose,
  registerDirty,
}: {
  target: ComposerTarget;
  post: PostView | undefined;
  zones: string[];
  onClose: () => void;
  /** Tells the dialog how to ask whether this form has changes not saved yet (it asks before closing). */
  registerDirty: (check: () => boolean) => void;
}) {
  const defaultChannelIds = useSession().workspace.defaultChannelIds;
  const [form, setForm] = useState(() => initialState(target, post, defaultChannelIds));
  const [postId, setPostId] = useState(target.postId);
  const [errors, setErrors] = useState<FieldErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  /** Set with errors a submit produced; the effect below moves focus once the form is enabled again. */
  const focusErrors = useRef(false);
  const [heatPlatform, setHeatPlatform] = useState<Platform | undefined>();
  const channels = useChannels();
  // "Add to queue" (README "Queue"): its request, and whether it runs (a new post is created and queued in one step).
  const queue = useQueuePost();
  const [queueing, setQueueing] = useState(false);
  const workspaceZone = useSession().workspace.timezone;
  const save = useSavePost();
  const schedule = useSchedulePost();
  const unschedule = useUnschedulePost();
  const undoToasts = useUndoToasts();
  /** The post as it was when opened, for the Undo of what is done to it now. */
  const before = (id: string): PostBefore => ({
    id,
    status: post?.status ?? "DRAFT",
    scheduledAt: post?.scheduledAt ?? null,
    timezone: post?.timezone ?? null,
  });
  /** Delete asks twice: the first click arms it ("Confirm delete"), the second deletes. */
  const [confirmDelete, setConfirmDelete] = useState(false);
  /** True while "Schedule" runs, which may be a save (a new post is created and scheduled by POST /api/posts). */
  const [scheduling, setScheduling] = useState(false);
  const busy = save.isPending || schedule.isPending || unschedule.isPending || queue.isPending;
  const tray = useMediaTray((post?.media ?? []).map((m) => ({ media: toTrayMedia(m), altText: m.altText })));
  const media = toContentMediaList(tray.entries);
  const [urlsOpen, setUrlsOpen] = useState(() => form.mediaUrls.trim() !== "");

  const status = post?.status;
  // What the role may do (GET /api/auth/session): a Viewer or Approver sees the post but changes nothing.
  const canWrite = useCan("posts:write");
  const canSchedule = useCan("posts:schedule");
  // Approvals on and no posts:approve: "Schedule" submits the post for approval instead (README "Approvals").
  const needsApproval = useNeedsApproval();
  const pending = status === "SCHEDULED" || status === "IN_REVIEW";
  const locked = status === "PUBLISHING";
  // Files dropped while the form is busy or locked are ignored, but still caught: the browser would open them.
  const drop = useFileDrop((files) => (locked || busy ? undefined : tray.addFiles(files)));
  const allChannels = channels.data ?? [];
  const selected = allChannels.filter((c) => form.channelIds.includes(c.id));
  const mediaUrls = form.mediaUrls
    .split(/\s+/)
    .map((u) => u.trim())
    .filter(Boolean);
  const platforms = useMemo(() => [...new Set(selected.map((c) => c.platform))], [selected]);
  const sharedTextChannels = selected.filter((c) => form.custom[c.id] === undefined);
  const textOf = (channelId: string) => form.custom[channelId] ?? form.content;
  // Said before anyone clicks Schedule: these channels cannot be scheduled to (the API would answer 422 naming them).
  const unpublishable = selected.filter((c) => !c.canPublish);
  const publishable = allChannels.filter((c) => c.canPublish);
  const notPublishable = allChannels.filter((c) => !c.canPublish);
  const previewMedia = tray.entries.flatMap((e) =>
    e.state === "ready" ? [{ media: e.media, altText: e.altText }] : [],
  );
  const platform = heatPlatform && platforms.includes(heatPlatform) ? heatPlatform : platforms[0];

  // The failed request's errors can render while the mutation still reads as pending (the fieldset is disabled
  // and nothing in it takes focus), so this waits for `busy` to clear as well.
  useEffect(() => {
    if (busy || !focusErrors.current || Object.keys(errors).length === 0) return;
    focusErrors.current = false;
    focusFirstError(formRef.current);
  }, [errors, busy]);

  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const toggleChannel = (channelId: string, checked: boolean) =>
    setForm((f) => ({
      ...f,
      channelIds: checked ? [...f.channelIds, channelId] : f.channelIds.filter((id) => id !== channelId),
    }));
  const input = (): PostInput => {
    const tags = form.tags
      .split(/[\s,]+/)
      .map((t) => t.replace(/^#/, "").trim().toLowerCase())
      .filter((t) => t && t !== EVERGREEN);
    return {
      content: form.content,
      channelIds: form.channelIds,
      channelContent: Object.fromEntries(form.channelIds.map((id) => [id, form.custom[id] ?? null])),
      tags: form.evergreen ? [...tags, EVERGREEN] : tags,
      mediaUrls,
      media: toPostMediaInput(tray.entries),
    };
  };
  // Drafts autosave (README "Composer"); a scheduled, in-review or approved post does not: saving it could send it
  // back to review, so its edits wait for "Save changes" and closing asks first. Media URLs are fetched into the
  // library only on an explicit save, so autosave waits while they differ from what was opened.
  const draftLike = status === undefined || status === "DRAFT";
  const openedMediaUrls = useRef(form.mediaUrls);
  const fields = input();
  const autosave = useDraftAutosave({
    enabled:
      draftLike &&
      canWrite &&
      !locked &&
      !busy &&
      pendingUploads(tray.entries) === 0 &&
      form.mediaUrls === openedMediaUrls.current,
    fields: {
      content: fields.content,
      channelIds: fields.channelIds,
      channelContent: fields.channelContent,
      tags: fields.tags,
      media: fields.media,
    },
    initialPostId: target.postId,
    initialVersion: post?.version ?? 0,
    onSaved: (saved, key) => {
      savedKey.current = key;
      setPostId(saved.id);
    },
  });
  /** What was last saved (or opened): the fields autosave writes, and the rest (media URLs, the time). */
  const savedKey = useRef(autosave.key);
  const rest = JSON.stringify([form.mediaUrls, form.date, form.time, form.timezone]);
  const openedRest = useRef(rest);
  const dirtyNow = autosave.key !== savedKey.current || rest !== openedRest.current;
  useEffect(() => {
    registerDirty(() => dirtyNow);
  }, [registerDirty, dirtyNow]);
  useEffect(() => () => registerDirty(() => false), [registerDirty]);

  /** A post is saved with its media only once every upload has finished (or was cancelled). */
  const uploadsPending = (): boolean => {
    const pending = pendingUploads(tray.entries);
    if (pending === 0) return false;
    showErrors({
      media: [`${pending === 1 ? "A file is" : `${pending} files are`} still uploading: wait for it, or cancel it.`],
      form: ["Media is still uploading."],
    });
    return true;
  };
  const showErrors = (next: FieldErrors) => {
    focusErrors.current = true;
    setErrors(next);
  };
  const fail = (error: unknown) => {
    if (error instanceof ApiFieldError) showErrors(toFieldErrors(error.message, error.issues));
    else showErrors({ form: [error instanceof Error ? error.message : "Something went wrong"] });
  };

  /** Create or update the post; returns it (its id is kept, so a failed schedule after a create never duplicates it). */
  const persist = async (): Promise<PostView> => {
    await autosave.settle();
    const id = autosave.postId.current;
    // A draft's save is compare-and-set on the version last read, like its autosave: never over another tab's.
    const body = id && draftLike ? { ...input(), version: autosave.version.current } : input();
    const saved = await save.mutateAsync({ id, input: body });
    autosave.postId.current = saved.id;
    autosave.version.current = saved.version;
    setPostId(saved.id);
    return saved;
  };

  const onSave = async () => {
    setErrors({});
    if (uploadsPending()) return;
    try {
      const saved = await persist();
      toast.success(
        status === "SCHEDULED" && saved.status === "IN_REVIEW"
          ? "Changes saved; sent back for approval"
          : pending
            ? "Changes saved; the time stands"
            : "Draft saved",
      );
      onClose();
    } catch (error) {
      fail(error);
    }
  };

  const onSchedule = async () => {
    if (!canWrite || !canSchedule) return;
    setErrors({});
    if (unpublishable.length > 0) {
      showErrors({ channelIds: unpublishable.map((c) => c.cannotPublishReason ?? `${c.displayName} can't publish`) });
      return;
    }
    if (!form.date || !form.time) {
      showErrors({ scheduledAt: ["Pick a date and a time (or click a best time)."] });
      return;
    }
    if (uploadsPending()) return;
    const when = { scheduledAt: `${form.date}T${form.time}`, timezone: form.timezone };
    setScheduling(true);
    try {
      await autosave.settle(); // an autosave in flight may just have created the post
      // A new post is created and scheduled in one request, so a refused schedule leaves no draft behind; an
      // existing one is saved, then scheduled.
      const result = autosave.postId.current
        ? await schedule.mutateAsync({ id: (await persist()).id, ...when })
        : await save.mutateAsync({ input: { ...input(), ...when } });
      setPostId(result.id);
      // Undo: back to the time it had (a move), or a draft again (a first schedule).
      undoToasts.scheduled(before(result.id), result);
      onClose();
    } catch (error) {
      fail(error);
    } finally {
      setScheduling(false);
    }
  };

  // "Add to queue" (README "Queue"): the next free slot of the post's channels, approvals honoured like Schedule.
  const onQueue = async () => {
    if (!canWrite || !canSchedule) return;
    setErrors({});
    if (unpublishable.length > 0) {
      showErrors({ channelIds: unpublishable.map((c) => c.cannotPublishReason ?? `${c.displayName} can't publish`) });
      return;
    }
    if (uploadsPending()) return;
    setQueueing(true);
    try {
      await autosave.settle(); // an autosave in flight may just have created the post
      // A new post is created and queued in one request (refused: nothing saved); a draft is saved, then queued.
      const result = autosave.postId.current
        ? await queue.mutateAsync((await persist()).id)
        : ((await save.mutateAsync({ input: { ...input(), queue: true } })) as QueuedPostView);
      setPostId(result.id);
      const queued = { ...result, timezone: result.timezone ?? workspaceZone };
      undoToasts.queued(queued);
      onClose();
    } catch (error) {
      fail(error);
    } finally {
      setQueueing(false);
    }
  };

  const onDelete = async () => {
    if (!postId) return;
    if (!confirmDelete) {
      setConfirmDelete(true);
      return;
    }
    setErrors({});
    // An autosave in flight would otherwise land after the deletion is sent.
    await autosave.settle();
    // Held back while its toast offers Undo (hidden from every list meanwhile), then sent.
    undoToasts.deleteLater({ id: postId, hasHistory: Boolean(post?.latestPublication) });
    onClose();
  };

  const onUnschedule = async () => {
    if (!postId) return;
    setErrors({});
    try {
      const was = before(postId);
      const after = await unschedule.mutateAsync(postId);
      undoToasts.unscheduled(
        was,
        after,
        was.status === "IN_REVIEW"
          ? "Withdrawn from review: the post is a draft again"
          : "Unscheduled: the post is a draft again",
      );
      onClose();
    } catch (error) {
      fail(error);
    }
  };

  const onRetry = async () => {
    if (!postId) return;
    setErrors({});
    try {
      const at = new Date(Date.now() + 60_000);
      await schedule.mutateAsync({ id: postId, scheduledAt: at.toISOString(), timezone: form.timezone });
      toast.success("Retry scheduled in 1 minute");
      onClose();
    } catch (error) {
      fail(error);
    }
  };

  const errorOf = (field: Field) =>
    errors[field] ? (
      <p id={`composer-${field}-error`} className="field-error" role="alert">
        {errors[field]?.join(" ")}
      </p>
    ) : null;
  const describedBy = (field: Field, ...more: string[]) =>
    [errors[field] ? `composer-${field}-error` : "", ...more].filter(Boolean).join(" ") || undefined;

  return (
    <form
      ref={formRef}
      method="post"
      className="composer-form"
      onSubmit={(e) => {
        e.preventDefault();
        void onSchedule();
      }}
      {...drop.handlers}
      onPaste={(e) => {
        if (locked || busy) return;
        const files = clipboardFiles(e.clipboardData);
        if (files.length === 0) return;
        tray.addFiles(files);
        // A copied image often comes with its text too: that still pastes into a text field, and only there.
        const target = e.target as HTMLElement;
        const textField = target.tagName === "TEXTAREA" || target.tagName === "INPUT";
        if (!(textField && e.clipboardData.types.includes("text/plain"))) e.preventDefault();
      }}
    >
      <header className="composer-head">
        <Dialog.Title className="composer-title">{postId ? "Edit post" : "New post"}</Dialog.Title>
        {post && status ? <StatusBadge post={post} /> : null}
        <Dialog.Close className="composer-close" aria-label="Close">
          ×
        </Dialog.Close>
      </header>
      <Dialog.Description id="composer-description" className="composer-hint">
        {locked
          ? "This post is being published right now; changes are possible once it is done."
          : "Write once, pick channels, then save a draft or schedule it."}
      </Dialog.Description>
      <AutosaveNote state={autosave.state} autosaves={draftLike && canWrite} dirty={dirtyNow} />
      {errors.form ? (
        <div id="composer-form-error" className="composer-form-error" role="alert" tabIndex={-1}>
          {errors.form.join(" ")}
        </div>
      ) : null}

      <fieldset className="composer-body" disabled={locked || busy}>
        <div className="cal-field">
          <label className="cal-label" htmlFor="composer-content">
            Content
          </label>
          <textarea
            id="composer-content"
            className="input composer-content"
            rows={5}
            value={form.content}
            onChange={(e) => set({ content: e.target.value })}
            aria-invalid={!!errors.content}
            aria-describedby={describedBy("content", "composer-counters")}
          />
          {errorOf("content")}
          {selected.length > 0 && sharedTextChannels.length === 0 ? (
            <p id="composer-counters" className="composer-hint">
              Every channel has a text of its own.
            </p>
          ) : (
            <ChannelCounters
              id="composer-counters"
              channels={sharedTextChannels}
              content={form.content}
              mediaUrls={mediaUrls}
              media={media}
            />
          )}
          <ChannelTexts
            channels={selected}
            shared={form.content}
            custom={form.custom}
            onChange={(channelId, text) =>
              setForm((f) => {
                const { [channelId]: _old, ...rest } = f.custom;
                return { ...f, custom: text === null ? rest : { ...rest, [channelId]: text } };
              })
            }
            mediaUrls={mediaUrls}
            media={media}
          />
        </div>

        <fieldset className="composer-channels" aria-describedby={describedBy("channelIds")}>
          <legend className="cal-label">Channels</legend>
          {channels.isPending ? <p className="composer-hint">Loading channels…</p> : null}
          {channels.isError ? (
            <p className="field-error">Channels could not be loaded: {channels.error.message}</p>
          ) : null}
          {channels.data?.length === 0 ? <p className="composer-hint">No channels yet: connect one first.</p> : null}
          <div className="composer-channel-list">
            {publishable.map((c) => (
              <ChannelChoice
                key={c.id}
                channel={c}
                checked={form.channelIds.includes(c.id)}
                invalid={!!errors.channelIds}
                describedBy={describedBy("channelIds")}
                onChange={(checked) => toggleChannel(c.id, checked)}
              />
            ))}
          </div>
          {notPublishable.length > 0 ? (
            <div className="composer-channel-group">
              <p className="composer-hint">Can't publish now (a draft may still name them):</p>
              <div className="composer-channel-list">
                {notPublishable.map((c) => (
                  <ChannelChoice
                    key={c.id}
                    channel={c}
                    checked={form.channelIds.includes(c.id)}
                    invalid={!!errors.channelIds}
                    describedBy={describedBy("channelIds", `composer-cannot-${c.id}`)}
                    onChange={(checked) => toggleChannel(c.id, checked)}
                  />
                ))}
              </div>
            </div>
          ) : null}
          {errorOf("channelIds")}
        </fieldset>

        <div className="composer-row">
          <div className="cal-field composer-grow">
            <label className="cal-label" htmlFor="composer-tags">
              Tags
            </label>
            <input
              id="composer-tags"
              className="input"
              value={form.tags}
              placeholder="launch, product"
              onChange={(e) => set({ tags: e.target.value })}
              aria-invalid={!!errors.tags}
              aria-describedby={describedBy("tags")}
            />
            {errorOf("tags")}
          </div>
          <div className="cal-field composer-switch">
            <label className="cal-label" htmlFor="composer-evergreen">
              Evergreen
            </label>
            <Switch.Root
              id="composer-evergreen"
              className="switch"
              checked={form.evergreen}
              onCheckedChange={(evergreen) => set({ evergreen })}
            >
              <Switch.Thumb className="switch-thumb" />
            </Switch.Root>
          </div>
        </div>

        <MediaTray
          tray={tray}
          fileOver={drop.over}
          disabled={locked || busy}
          error={errors.media}
          errorId="composer-media-error"
        />

        {/* A refused URL keeps the disclosure open, so its message and field are seen. */}
        <details
          className="media-urls"
          open={urlsOpen || !!errors.mediaUrls}
          onToggle={(e) => setUrlsOpen(e.currentTarget.open)}
        >
          <summary>Advanced: media by URL</summary>
          <div className="cal-field">
            <label className="cal-label" htmlFor="composer-media">
              Media URLs <span className="composer-hint">(one per line; fetched into the library when saved)</span>
            </label>
            <textarea
              id="composer-media"
              className="input"
              rows={2}
              value={form.mediaUrls}
              placeholder="https://example.com/image.jpg"
              onChange={(e) => set({ mediaUrls: e.target.value })}
              aria-invalid={!!errors.mediaUrls}
              aria-describedby={describedBy("mediaUrls")}
            />
            {errorOf("mediaUrls")}
          </div>
        </details>

        {selected.length > 0 ? (
          <section className="composer-previews" aria-labelledby="composer-preview-title">
            <h3 id="composer-preview-title" className="cal-label">
              Preview: what each channel will be sent
            </h3>
            <div className="channel-previews">
              {selected.map((c) => (
                <ChannelPreview
                  key={c.id}
                  channel={c}
                  text={textOf(c.id)}
                  media={previewMedia}
                  mediaUrls={mediaUrls}
                  contentMedia={media}
                />
              ))}
            </div>
          </section>
        ) : null}

        <TimePicker
          date={form.date}
          time={form.time}
          timezone={form.timezone}
          zones={[...new Set([form.timezone, ...zones])]}
          platforms={platforms}
          platform={platform}
          onPlatform={setHeatPlatform}
          onChange={(patch) => set(patch)}
          errors={{ scheduledAt: errors.scheduledAt, timezone: errors.timezone }}
        />
      </fieldset>

      {post && (post.status === "FAILED" || post.latestPublication) ? (
        <PublicationResults post={post} onRetry={() => void onRetry()} retrying={schedule.isPending} />
      ) : null}
      {post ? <ReviewPanel post={post} onDecided={onClose} /> : null}

      {unpublishable.length > 0 ? (
        <div id="composer-schedule-blocked" className="composer-schedule-blocked">
          {unpublishable.map((c) => (
            <p key={c.id} data-blocked-channel={c.id}>
              Can't schedule: {c.cannotPublishReason ?? `${c.displayName} can't publish`}
            </p>
          ))}
        </div>
      ) : null}
      <footer className="composer-actions">
        {postId && canWrite ? (
          <button type="button" className="button" onClick={() => void onDelete()} disabled={busy}>
            {confirmDelete ? "Confirm delete" : "Delete"}
          </button>
        ) : null}
        {pending && canSchedule ? (
          <button type="button" className="button" onClick={() => void onUnschedule()} disabled={busy}>
            {unschedule.isPending ? "Unscheduling…" : status === "IN_REVIEW" ? "Withdraw from review" : "Unschedule"}
          </button>
        ) : null}
        <span className="composer-grow" />
        {canWrite ? null : (
          <span className="composer-readonly" role="note">
            Your role can view posts but not change them
          </span>
        )}
        <button
          type="button"
          className="button"
          onClick={() => void onSave()}
          disabled={busy || locked || !canWrite}
          title={canWrite ? undefined : "Your role cannot posts:write"}
        >
          {save.isPending && !scheduling && !queueing ? "Saving…" : pending ? "Save changes" : "Save draft"}
        </button>
        {draftLike && canWrite && canSchedule ? (
          <button
            type="button"
            className="button"
            onClick={() => void onQueue()}
            disabled={busy || locked}
            aria-disabled={unpublishable.length > 0 || undefined}
            aria-describedby={unpublishable.length > 0 ? "composer-schedule-blocked" : undefined}
          >
            {queueing ? "Adding…" : "Add to queue"}
          </button>
        ) : null}
        <button
          type="submit"
          className="button primary"
          disabled={busy || locked || !canWrite || !canSchedule}
          title={canWrite && canSchedule ? undefined : "Your role cannot posts:schedule"}
          aria-disabled={unpublishable.length > 0 || undefined}
          aria-describedby={unpublishable.length > 0 ? "composer-schedule-blocked" : undefined}
        >
          {scheduling || schedule.isPending
            ? needsApproval
              ? "Submitting…"
              : "Scheduling…"
            : needsApproval
              ? "Submit for approval"
              : status === "SCHEDULED"
                ? "Reschedule"
                : "Schedule"}
        </button>
      </footer>
    </form>
  );
}

/** Where the post's changes stand: autosaved, saving, refused, or (a scheduled post) waiting for "Save changes". */
function AutosaveNote({ state, autosaves, dirty }: { state: AutosaveState; autosaves: boolean; dirty: boolean }) {
  const text = !autosaves
    ? dirty
      ? "Changes are kept only when you click Save changes."
      : ""
    : state.kind === "saving"
      ? "Saving draft…"
      : state.kind === "saved"
        ? `Draft saved ${state.at.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })}`
        : state.kind === "error"
          ? `Draft not saved: ${state.message}`
          : state.kind === "conflict"
            ? `Autosave stopped: ${state.message}`
            : "";
  return (
    <p className="composer-hint composer-autosave" role="status" data-autosave={autosaves ? state.kind : "off"}>
      {text}
    </p>
  );
}

/**
 * One channel to pick. One that can't publish (needs reconnecting, disabled, no adapter yet) shows why; it can still
 * be chosen for a draft, and the composer says before Schedule that it would be refused.
 */
function ChannelChoice({
  channel: c,
  checked,
  invalid,
  describedBy,
  onChange,
}: {
  channel: ChannelView;
  checked: boolean;
  invalid: boolean;
  describedBy: string | undefined;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label className={c.canPublish ? "composer-channel" : "composer-channel is-unpublishable"} data-channel={c.id}>
      <input
        type="checkbox"
        checked={checked}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.checked)}
      />
      {/* The account (its picture or initials, in its calendar colour) and the network: four brands' Bluesky
          accounts are not four identical "SB" badges. The name beside them says it in words. */}
      <ChannelAvatar channel={c} size={18} decorative />
      <PlatformBadge platform={c.platform} />
      <span>{c.displayName}</span>
      {c.canPublish ? null : (
        <span id={`composer-cannot-${c.id}`} className="composer-cannot-publish" data-cannot-publish={c.id}>
          {c.cannotPublishReason ?? "can't publish"}
        </span>
      )}
    </label>
  );
}
