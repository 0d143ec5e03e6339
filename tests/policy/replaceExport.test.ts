import * as assert from "assert";
import { replaceExport } from "../../policy/replaceExport";

describe("policy replaceExport", () => {
    const double = (x: number): number => 2 * x;
    const plusOne = (f: (x: number) => number) => (x: number): number => f(x) + 1;

    it("replaces the export once, marked, keeping the original", () => {
        const exports: { f?: (x: number) => number } = { f: double };
        assert.equal(replaceExport(exports, "f", plusOne), true);
        assert.equal(exports.f!(3), 7);
        assert.equal((exports.f as unknown as { original: unknown }).original, double);
        assert.equal(replaceExport(exports, "f", plusOne), false, "a second install wraps nothing");
        assert.equal(exports.f!(3), 7, "not wrapped twice");
    });

    it("leaves a missing export, a non-function, a getter-only and a frozen export alone without throwing", () => {
        assert.equal(replaceExport({} as { f?: (x: number) => number }, "f", plusOne), false);
        assert.equal(replaceExport({ f: 1 } as unknown as { f?: (x: number) => number }, "f", plusOne), false);
        const getterOnly = {} as { f?: (x: number) => number };
        Object.defineProperty(getterOnly, "f", { enumerable: true, get: () => double });
        assert.equal(replaceExport(getterOnly, "f", plusOne), false);
        assert.equal(getterOnly.f, double);
        const frozen = Object.freeze({ f: double });
        assert.equal(replaceExport(frozen, "f", plusOne), false);
        assert.equal(frozen.f, double);
    });
});
