// `npm run build` (also `prepare`, so `npm ci` in policy/ builds it): compiles the pack and the
// src/ modules it imports into bin/ from scratch, with the files that make bin/ a pack of its own
// (`--policy-pack policy/bin`), and records the sources' hashes for pack.js (built.js).
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const { bin, writeManifest } = require("./built");

fs.rmSync(bin, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(__dirname, "tsconfig.json")], { stdio: "inherit" });
const pkg = require("./package.json");
fs.copyFileSync(path.join(__dirname, "PulumiPolicy.yaml"), path.join(bin, "PulumiPolicy.yaml"));
fs.writeFileSync(path.join(bin, "package.json"), JSON.stringify({ name: pkg.name, version: pkg.version, private: true, main: "policy/index.js" }, null, 2) + "\n");
writeManifest();
