// Loads TypeScript the way `node --import tsx` does, plus one fix: use `node --import ./scripts/tsx-loader.mjs x.ts`.
//
// Why: the app's .ts files are CommonJS (package.json has no "type": "module"), so tsx compiles their imports to
// require(). For an ES-module-only package (@atproto/api, @atproto/common-web, @atproto/lex-data …) tsx then also
// compiles the package's ESM files to CommonJS, and their imports of subpaths that a package exports only under the
// "import" condition (multiformats 13: `multiformats/cid`) fail with ERR_PACKAGE_PATH_NOT_EXPORTED, because a
// require() resolves with the "require" condition. The worker crashed at start-up on that. The resolve hook below
// (https://nodejs.org/api/module.html#moduleregisterhooksoptions, Node >= 22.15) retries exactly that failure with
// the "import" condition added; tsx then loads the resolved ESM file as it loads every other.
import { registerHooks } from "node:module";

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (err) {
      const conditions = context.conditions ?? [];
      if (err?.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED" || conditions.includes("import")) throw err;
      return nextResolve(specifier, { ...context, conditions: [...conditions, "import"] });
    }
  },
});

// Registered after the hook above, so tsx's own resolver runs first and falls through to it.
await import("tsx");
