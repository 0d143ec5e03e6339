// Starting the pack without loading all of @pulumi/pulumi. The pack's server (@pulumi/policy) does
// `require("@pulumi/pulumi")` for one thing, the asset classes it needs when a resource carries an
// asset or archive; that index also loads the Automation API, dynamic providers and the provider
// server, which took 0.8 s of the pack's 1.4–2.2 s start on a 2-core machine (BENCHMARKS.md,
// section 6). index.ts imports this module first: it puts a stand-in for that index into Node's
// module cache, which loads the real index on first use and forwards every read to it. The asset
// classes, when used, are the real ones (the index re-exports `@pulumi/pulumi/asset`), so nothing
// changes but when the code is loaded. Tests never import this: they load @pulumi/pulumi as usual.

import Module = require("module");
import * as path from "path";

function install(): void {
    let index: string;
    try {
        // The @pulumi/pulumi that @pulumi/policy itself resolves.
        const policyPackage = path.dirname(require.resolve("@pulumi/policy/package.json"));
        index = require.resolve("@pulumi/pulumi", { paths: [policyPackage] });
    } catch {
        return;
    }
    if (require.cache[index] !== undefined) {
        return; // already loaded: nothing left to save
    }
    let real: Record<PropertyKey, unknown> | undefined;
    const load = (): Record<PropertyKey, unknown> => {
        if (real === undefined) {
            delete require.cache[index]; // the next require loads the real module and caches it
            real = require(index) as Record<PropertyKey, unknown>;
        }
        return real;
    };
    const standIn = new Proxy<Record<PropertyKey, unknown>>(
        {},
        {
            get: (_target, key) => load()[key],
            has: (_target, key) => key in load(),
            ownKeys: () => Reflect.ownKeys(load()),
            getOwnPropertyDescriptor: (_target, key) => {
                const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
                return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
            },
        },
    );
    const cached = new Module(index, module);
    cached.filename = index;
    cached.loaded = true;
    cached.exports = standIn;
    require.cache[index] = cached;
}

install();
