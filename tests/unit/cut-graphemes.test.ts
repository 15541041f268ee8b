import { describe, expect, it } from "vitest";
import { cutGraphemes } from "@/lib/publishing/rules/text-measures";

// The import preview's cut (components/import/import-page.tsx): whole graphemes, "…" only when something was cut.
describe("cutGraphemes", () => {
  it("keeps a text of at most `max` graphemes as it is", () => {
    expect(cutGraphemes("hello", 5)).toBe("hello");
    expect(cutGraphemes("", 3)).toBe("");
  });

  it("cuts after `max` graphemes, never inside an emoji, a ZWJ family or a letter with its accent", () => {
    expect(cutGraphemes("hello world", 5)).toBe("hello…");
    expect(cutGraphemes("🚀🚀🚀", 2)).toBe("🚀🚀…");
    const family = "👨‍👩‍👧‍👦"; // 7 code points, 11 UTF-16 units, 1 grapheme
    expect(cutGraphemes(`a${family}${family}b`, 2)).toBe(`a${family}…`);
    expect(cutGraphemes("e\u0301e\u0301e\u0301", 1)).toBe("e\u0301…");
  });
});
