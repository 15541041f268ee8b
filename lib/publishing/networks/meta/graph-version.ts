/**
 * The Graph API version Cadence calls by default: v27.0, introduced November 4, 2026 ("Introducing Graph API v27.0",
 * https://developers.facebook.com/blog/post/2026/11/04/introducing-graph-api-v27-and-marketing-api-v27/; versions and
 * their end dates: https://developers.facebook.com/docs/graph-api/changelog/versions/). Each version is served for
 * about two years; META_GRAPH_VERSION overrides it.
 */
export const META_GRAPH_VERSION = "v27.0";
