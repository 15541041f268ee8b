import { describe, expect, it } from "vitest";
import { isTypingTarget, shortcutFor } from "@/components/shell/shortcut-for";

// Unit tests run without a DOM: elements are stood in for by the few members isTypingTarget reads.
function el(
  tagName: string,
  {
    type,
    role,
    editable = false,
    inside = [],
  }: { type?: string; role?: string; editable?: boolean; inside?: string[] } = {},
): EventTarget {
  return {
    tagName,
    type,
    isContentEditable: editable,
    getAttribute: (name: string) => (name === "role" ? (role ?? null) : null),
    // `inside`: the selectors of ancestors this element sits in (a dialog, a contenteditable …).
    closest: (selector: string) => (inside.some((s) => selector.includes(s)) ? {} : null),
  } as unknown as EventTarget;
}

const key = (
  k: string,
  target: EventTarget | null,
  mods: Partial<Record<"ctrlKey" | "metaKey" | "altKey", boolean>> = {},
) => shortcutFor({ key: k, ctrlKey: false, metaKey: false, altKey: false, target, ...mods });

describe("shortcutFor", () => {
  it("maps n, / and ? on the page to their actions", () => {
    const body = el("BODY");
    expect(key("n", body)).toBe("new-post");
    expect(key("/", body)).toBe("search");
    expect(key("?", body)).toBe("help");
    expect(key("x", body)).toBeNull();
    expect(key("N", body)).toBeNull(); // Shift+N (or Caps Lock) is not a shortcut
  });

  it("fires on buttons, links and checkboxes: pressing a key there is not typing", () => {
    expect(key("n", el("BUTTON"))).toBe("new-post");
    expect(key("n", el("A"))).toBe("new-post");
    expect(key("?", el("INPUT", { type: "checkbox" }))).toBe("help");
  });

  it("never fires while typing: text inputs of every kind, textarea, select, contenteditable, text roles", () => {
    for (const target of [
      el("INPUT"),
      el("INPUT", { type: "text" }),
      el("INPUT", { type: "search" }),
      el("INPUT", { type: "email" }),
      el("INPUT", { type: "date" }),
      el("INPUT", { type: "time" }),
      el("INPUT", { type: "number" }),
      el("TEXTAREA"),
      el("SELECT"),
      el("DIV", { editable: true }),
      el("SPAN", { inside: ["contenteditable"] }),
      el("DIV", { role: "textbox" }),
      el("BUTTON", { role: "combobox" }),
      el("INPUT", { role: "searchbox" }),
    ]) {
      expect(key("n", target)).toBeNull();
      expect(key("/", target)).toBeNull();
      expect(key("?", target)).toBeNull();
    }
  });

  it("does nothing inside an open dialog or menu (the composer's own keys stay its own)", () => {
    expect(key("n", el("BUTTON", { inside: ["role='dialog'"] }))).toBeNull();
    expect(key("?", el("BUTTON", { inside: ["role='alertdialog'"] }))).toBeNull();
    expect(key("/", el("DIV", { inside: ["role='menu'"] }))).toBeNull();
  });

  it("leaves browser and system chords alone (Ctrl, ⌘, Alt) and keys an input method is composing", () => {
    const body = el("BODY");
    expect(key("n", body, { ctrlKey: true })).toBeNull();
    expect(key("n", body, { metaKey: true })).toBeNull();
    expect(key("/", body, { altKey: true })).toBeNull();
    expect(
      shortcutFor({ key: "n", ctrlKey: false, metaKey: false, altKey: false, isComposing: true, target: body }),
    ).toBeNull();
    expect(
      shortcutFor({ key: "n", ctrlKey: false, metaKey: false, altKey: false, defaultPrevented: true, target: body }),
    ).toBeNull();
  });

  it("isTypingTarget: no target (a key on the window) is not typing", () => {
    expect(isTypingTarget(null)).toBe(false);
  });
});
