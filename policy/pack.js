// What Pulumi loads for `pulumi preview --policy-pack policy` (package.json "main"). Pulumi's
// run-policy-pack registers ts-node with type-checking always on, so a pack loaded from TypeScript
// is type-checked on every preview: 5–10 s of each (BENCHMARKS.md, section 6). The compiled pack in
// bin/ (`npm run build`, run by `npm ci` here) loads in well under a second; it is used whenever it
// is the build of the sources as they are now (built.js), and otherwise the TypeScript sources are
// loaded as before, with a note saying how to get the fast path back.
"use strict";
const { builtIsCurrent } = require("./built");

if (builtIsCurrent()) {
    require("./bin/policy/index.js");
} else {
    process.stderr.write(
        "llamastack policy pack: no current build in policy/bin (a source changed since `npm run build`, or it never ran); " +
            "loading the TypeScript sources, which Pulumi type-checks on every run (seconds). Run `npm --prefix policy run build` for the fast path.\n",
    );
    require("./index.ts");
}
