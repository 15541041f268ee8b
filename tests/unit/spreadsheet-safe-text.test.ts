import { describe, expect, it } from "vitest";
import { readSpreadsheetSafeText, spreadsheetSafeText } from "@/lib/imports/spreadsheet-safe-text";

describe("spreadsheetSafeText", () => {
  it("puts a ' before text a spreadsheet would run as a formula, and only there", () => {
    expect(spreadsheetSafeText('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(spreadsheetSafeText("+1")).toBe("'+1");
    expect(spreadsheetSafeText("-5 off")).toBe("'-5 off");
    expect(spreadsheetSafeText("@team")).toBe("'@team");
    expect(spreadsheetSafeText("\tx")).toBe("'\tx");
    expect(spreadsheetSafeText("hello = world")).toBe("hello = world");
    expect(spreadsheetSafeText("'quoted'")).toBe("'quoted'");
  });

  it("reads back exactly what was exported, apostrophes included", () => {
    const texts = ["=1+1", "'=1+1", "''@x", "'plain", "plain", "", "-", "'", "@", "a=b"];
    for (const text of texts) expect(readSpreadsheetSafeText(spreadsheetSafeText(text)), text).toBe(text);
  });
});
