import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { replaceSection } from "./results-file";

// JS shipped per page, read from the last `next build` (run `npx next build` first): the root main files plus the
// chunks each page's client-reference manifest lists as its entry files. Chunks loaded later through dynamic
// import (FullCalendar, recharts) are not in these manifests and not counted. Usage: npx tsx bench/page-weight.ts [--write]

const root = path.resolve(import.meta.dirname, "..");
const next = path.join(root, ".next");
const manifest = JSON.parse(readFileSync(path.join(next, "build-manifest.json"), "utf8")) as {
  rootMainFiles: string[];
  polyfillFiles: string[];
};

function findManifests(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) findManifests(full, out);
    else if (name === "page_client-reference-manifest.js") out.push(full);
  }
  return out;
}

const sizeOf = (file: string) => {
  const bytes = readFileSync(path.join(next, file.replace(/^\/_next\//, "")));
  return { raw: bytes.length, gzip: gzipSync(bytes).length };
};
const kb = (n: number) => `${(n / 1024).toFixed(0)} kB`;

const rows: string[] = [];
for (const file of findManifests(path.join(next, "server", "app")).sort()) {
  const route = path.relative(path.join(next, "server", "app"), path.dirname(file)) || "/";
  if (route.startsWith("_") || route.startsWith("api")) continue;
  const text = readFileSync(file, "utf8");
  const json = JSON.parse(text.slice(text.indexOf("= {") + 2).replace(/;\s*$/, "")) as {
    entryJSFiles: Record<string, string[]>;
  };
  const pageKey = Object.keys(json.entryJSFiles).find((k) => k.endsWith("/page"));
  const initial = new Set([...manifest.rootMainFiles, ...(pageKey ? (json.entryJSFiles[pageKey] ?? []) : [])]);
  const sum = (files: Set<string>) =>
    [...files].reduce((a, f) => ({ raw: a.raw + sizeOf(f).raw, gzip: a.gzip + sizeOf(f).gzip }), { raw: 0, gzip: 0 });
  const i = sum(initial);
  const name = `/${route.replace(/\(.*?\)\/?/g, "").replace(/\/?page$/, "")}`;
  rows.push(`| \`${name}\` | ${kb(i.raw)} | ${kb(i.gzip)} |`);
}

const section = `## JS shipped per page

From the last \`next build\` (${new Date().toISOString().slice(0, 10)}), by \`npx tsx bench/page-weight.ts\`: framework + layout +
page chunks loaded on first paint. Chunks loaded later by dynamic import (calendar grid, charts) are not counted.

| page | first load | gzip |
|---|---|---|
${rows.join("\n")}`;
console.log(section);
if (process.argv.includes("--write")) {
  const file = path.join(root, "bench", "RESULTS.md");
  writeFileSync(file, replaceSection(readFileSync(file, "utf8"), "page-weight", section));
}
