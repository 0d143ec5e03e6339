// The pack's description, built and encoded once. The engine asks for it before each resource it
// checks (pulumi's step generator: GetAnalyzerInfo, then Remediate, then Analyze, one resource after
// another), and @pulumi/policy's server builds it anew every time, every policy with its config
// schema, and encodes it again: a third of the pack's time per resource (BENCHMARKS.md, section 6).
// What it is built from (the pack's name, version, level, policies and initial config) is fixed
// when the pack starts, so the first one serves every later call with the same arguments. The
// server reads the builder from its module's exports on every call; this replaces that export.
// index.ts imports this; the policy tier checks it (tests/policy/infoOnce.test.ts).

import { replaceExport } from "./replaceExport";

/** The built description: a protobuf message, of which only its encoding is read after it is sent. */
interface Message {
    serializeBinary(): Uint8Array;
}

type Build = (...args: unknown[]) => Message;

const protoutil = require("@pulumi/policy/protoutil") as { makeAnalyzerInfo?: Build };

/** Wraps the builder: the same arguments (by identity) return the first message, its encoding kept. */
export function buildingOnce(build: Build): Build {
    let last: { args: unknown[]; message: Message } | undefined;
    return (...args) => {
        if (last !== undefined && last.args.length === args.length && last.args.every((arg, i) => arg === args[i])) {
            return last.message;
        }
        const message = build(...args);
        const encoded = message.serializeBinary();
        // Never changed after it is built (nothing else holds it), so its encoding does not change either.
        message.serializeBinary = () => encoded;
        last = { args, message };
        return message;
    };
}

/** Installs the wrapper once; does nothing if @pulumi/policy's internals moved (a slower pack, never a broken one). */
export function install(): boolean {
    return replaceExport(protoutil, "makeAnalyzerInfo", buildingOnce);
}

install();
