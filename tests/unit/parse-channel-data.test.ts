import { describe, expect, it } from "vitest";
import { parseChannelData } from "@/lib/publishing/networks/parse-channel-data";
import { PublishError } from "@/lib/publishing/networks/types";
import { xCredentialsSchema } from "@/lib/publishing/networks/x/config";

// A channel's stored config or credentials that do not match the adapter's schema can only be repaired by
// connecting the account again: "reconnect", with the adapter's message.

describe("parseChannelData", () => {
  it("returns what the schema parsed", () => {
    expect(parseChannelData(xCredentialsSchema, { accessToken: "t1", expiresAt: null }, "m")).toEqual({
      accessToken: "t1",
      expiresAt: null,
    });
  });

  it.each([{}, { accessToken: "" }, { accessToken: 7 }, null, "t1"])("%j: PublishError reconnect", (value) => {
    let caught: unknown;
    try {
      parseChannelData(xCredentialsSchema, value, "this X channel has no access token: connect it again");
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PublishError);
    expect(caught).toMatchObject({
      kind: "reconnect",
      message: "this X channel has no access token: connect it again",
    });
  });
});
