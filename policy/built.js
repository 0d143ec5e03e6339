// Is bin/ the build of the TypeScript sources as they are now? `npm run build` compiles the pack into
// bin/ and records there (bin/sources.json) a SHA-256 of every source it compiled; pack.js loads the
// build only when every one of those files still has that hash, so an edited rule is never judged
// by a stale build. Plain JavaScript, as it runs before anything is compiled.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, ".."); // tsconfig.json's rootDir: bin/ mirrors it
const bin = path.join(__dirname, "bin");
const manifest = path.join(bin, "sources.json");

function sha256(file) {
    return crypto.createHash("sha256").update(fs.readFileSync(path.join(root, file))).digest("hex");
}

/** The files the build in bin/ was made from: the .ts behind every emitted .js, and the compiler's config. */
function sources() {
    const found = ["policy/tsconfig.json"];
    const walk = (dir) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) {
                walk(full);
            } else if (entry.name.endsWith(".js")) {
                found.push(path.relative(bin, full).replace(/\.js$/, ".ts").split(path.sep).join("/"));
            }
        }
    };
    walk(path.join(bin, "policy"));
    for (const dir of fs.readdirSync(bin, { withFileTypes: true })) {
        if (dir.isDirectory() && dir.name !== "policy") {
            walk(path.join(bin, dir.name));
        }
    }
    return found.sort();
}

function writeManifest() {
    const hashes = {};
    for (const file of sources()) {
        hashes[file] = sha256(file);
    }
    fs.writeFileSync(manifest, JSON.stringify({ sources: hashes }, null, 2) + "\n");
}

/** True when bin/ holds a build whose every source is unchanged since; false on anything else. */
function builtIsCurrent() {
    try {
        const recorded = JSON.parse(fs.readFileSync(manifest, "utf8")).sources;
        const files = Object.keys(recorded);
        return files.length > 1 && files.every((file) => sha256(file) === recorded[file]) && fs.existsSync(path.join(bin, "policy", "index.js"));
    } catch {
        return false;
    }
}

module.exports = { bin, builtIsCurrent, writeManifest };
