import { describe, expect, it } from "vitest";
import { parsePostImport } from "@/lib/imports/parse-post-import";

describe("parsePostImport", () => {
  it("reads quoted cells, lists, any column order and an export's extra columns", () => {
    const csv =
      "\uFEFFID,Tags,TEXT,channels,time,media_urls,status\n" +
      'x1,"launch; Team|x","Hello, ""world""\nsecond line","Box | c2",2027-05-01T09:00,"https://a.test/1.png https://a.test/2.png;https://a.test/3.png",SCHEDULED\n' +
      "\n" +
      "x2,,plain,Box,queue,,DRAFT\n";
    const { rows, fileProblems } = parsePostImport(csv);
    expect(fileProblems).toEqual([]);
    expect(rows).toEqual([
      {
        row: 1,
        text: 'Hello, "world"\nsecond line',
        channels: ["Box", "c2"],
        time: "2027-05-01T09:00",
        timezone: "",
        tags: ["launch", "Team", "x"],
        mediaUrls: ["https://a.test/1.png", "https://a.test/2.png", "https://a.test/3.png"],
      },
      { row: 2, text: "plain", channels: ["Box"], time: "queue", timezone: "", tags: [], mediaUrls: [] },
    ]);
  });

  it("names a missing column and a malformed row", () => {
    expect(parsePostImport("text,time\nhi,2027-05-01T09:00\n").fileProblems).toEqual([
      'The header row has no "channels" column',
    ]);
    const broken = parsePostImport('text,channels\n"never closed,Box\n');
    expect(broken.fileProblems).toContainEqual(expect.stringMatching(/^Row \d+: Quoted field unterminated$/));
  });

  it("drops the apostrophe an export put before formula-like text", () => {
    expect(parsePostImport("text,channels\n'=SUM(1),Box\n").rows[0]?.text).toBe("=SUM(1)");
  });
});
