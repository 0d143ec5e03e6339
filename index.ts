// Entry point for Pulumi's schema inference (`@pulumi/pulumi/provider/experimental`), which
// looks for `index.ts` beside package.json when `main` (bin/index.js) has no .ts twin.
// The package itself is built from src/ into bin/ (tsconfig.build.json); this file only points
// the analyzer at the public API.
export * from "./src";
