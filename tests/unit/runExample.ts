// Runs an example program under the mocks, resolving `llamastack` to this package's source the
// way an installed package would resolve, and returns a finder over what that program alone
// registered, and a way to forget it afterwards (other tests use the guide's names too).
import { strict as assert } from "assert";
import * as path from "path";
import { recorded, RecordedResource, settle } from "./mocks";

const Module = require("module");

/** What an example registered. */
export interface ExampleRun {
    /** The one resource of that type and name the example registered; fails on none or several. */
    find(type: string, name: string): RecordedResource;
    /** Drops the example's registrations from `recorded`, for the tests that come after. */
    forget(): void;
}

/** Runs `examples/<example>/index` and waits for its registrations. */
export async function runExample(example: string): Promise<ExampleRun> {
    const start = recorded.length;
    const original = Module._resolveFilename;
    Module._resolveFilename = function (request: string, ...rest: unknown[]) {
        return original.call(this, request === "llamastack" ? path.join(__dirname, "../../src") : request, ...rest);
    };
    try {
        require(path.join(__dirname, "../../examples", example, "index"));
    } finally {
        Module._resolveFilename = original;
    }
    for (let i = 0; i < 20; i++) {
        await settle();
    }
    return {
        find(type, name) {
            const found = recorded.slice(start).filter((r) => r.type === type && r.name === name);
            assert.equal(found.length, 1, `expected one ${type} named ${name}`);
            return found[0];
        },
        forget() {
            recorded.splice(start);
        },
    };
}
