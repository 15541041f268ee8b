/** The dashboard's single-key shortcuts (README "Keyboard shortcuts"). */
export const SHORTCUTS = [
  { key: "n", action: "new-post", description: "New post (opens the composer)" },
  { key: "/", action: "search", description: "Search posts (on Posts); elsewhere, focus the page's first filter" },
  { key: "?", action: "help", description: "Show these shortcuts" },
] as const;

export type ShortcutAction = (typeof SHORTCUTS)[number]["action"];

type KeyLike = {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  isComposing?: boolean;
  defaultPrevented?: boolean;
  target: EventTarget | null;
};

// Inputs that take no typed text: a shortcut pressed on them is still a shortcut.
const NON_TEXT_INPUTS = new Set(["button", "checkbox", "radio", "range", "reset", "submit", "color", "file", "image"]);

/**
 * True when keys pressed on `target` are typing: a text input, a textarea, a select, anything editable, a text-like
 * ARIA role (textbox, combobox, searchbox, spinbutton), or anything inside an open dialog or menu (the composer:
 * `n` there is a letter of the caption, never a second composer).
 */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== "function") return false;
  const el = target as HTMLElement;
  const tag = el.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") return !NON_TEXT_INPUTS.has(((el as HTMLInputElement).type || "text").toLowerCase());
  if (el.isContentEditable || el.closest("[contenteditable=''], [contenteditable='true']")) return true;
  const role = el.getAttribute("role");
  if (role && ["textbox", "combobox", "searchbox", "spinbutton"].includes(role)) return true;
  return el.closest("[role='dialog'], [role='alertdialog'], [role='menu'], [role='listbox']") !== null;
}

/**
 * The shortcut a keydown means, or null: only a bare key (no Ctrl, ⌘ or Alt: those belong to the browser), not while
 * an input method is composing, not when something already handled it, and never while typing (isTypingTarget).
 * `?` is Shift+/ on most layouts: the key's character is what counts, so Shift is allowed.
 */
export function shortcutFor(event: KeyLike): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || event.defaultPrevented) return null;
  const match = SHORTCUTS.find((s) => s.key === event.key);
  if (!match || isTypingTarget(event.target)) return null;
  return match.action;
}
