// Decoding a resource once per call instead of once per rule. @pulumi/policy's server converts a
// resource's protobuf properties to JavaScript again for every resource rule it runs on it (and for
// every stack rule, each resource again): with 19 resource rules that was most of the pack's time
// in a preview (BENCHMARKS.md, section 6). The server reads the decoder from its module's exports
// on every call, so this module replaces that export with one that remembers the result per
// protobuf message: the rules of one call then see the same decoded object behind their own proxy.
// Rules never write into it (the policy tier checks that every rule leaves the props as it found
// them); remediations, which do, take the decoder's other path (`proxySecrets`), left as it was.
// index.ts imports this; the policy tier checks it (tests/policy/decodeOnce.test.ts).

import { replaceExport } from "./replaceExport";
import { markShared } from "./sharedProps";

type Decode = (struct: unknown, proxySecrets: boolean) => unknown;

const decoder = require("@pulumi/policy/deserialize") as { deserializeProperties?: Decode };

/** Wraps the decoder; exported for the policy tier, which checks the wrapper against the original. */
export function decodingOnce(decode: Decode): Decode {
    // Keyed by the message object, which the server gets from the same request for every rule.
    const decoded = new WeakMap<object, unknown>();
    return (struct, proxySecrets) => {
        if (proxySecrets || struct === null || typeof struct !== "object") {
            return decode(struct, proxySecrets);
        }
        if (!decoded.has(struct)) {
            const props = decode(struct, false);
            if (props !== null && typeof props === "object") {
                markShared(props);
            }
            decoded.set(struct, props);
        }
        return decoded.get(struct);
    };
}

/** Installs the wrapper once; does nothing if @pulumi/policy's internals moved (a slower pack, never a broken one). */
export function install(): boolean {
    return replaceExport(decoder, "deserializeProperties", decodingOnce);
}

install();
