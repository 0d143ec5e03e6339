import { strict as assert } from "assert";
import { compareQuantities, formatQuantity, parseQuantity, scaleQuantity, quantityRatio } from "../../../src/core/quantity";

function q(text: string | number) {
    const parsed = parseQuantity(text);
    assert.ok(parsed, `${text} should parse`);
    return parsed;
}

describe("quantity", () => {
    it("reads decimal, milli, binary and exponent forms as Kubernetes does", () => {
        assert.deepEqual(q("500m"), { num: 1n, den: 2n });
        assert.deepEqual(q("0.5"), { num: 1n, den: 2n });
        assert.deepEqual(q(".5"), { num: 1n, den: 2n });
        assert.deepEqual(q("2Gi"), { num: 2n * 1024n ** 3n, den: 1n });
        assert.deepEqual(q("1e3"), { num: 1000n, den: 1n });
        assert.deepEqual(q("1E3"), { num: 1000n, den: 1n });
        assert.deepEqual(q("1E"), { num: 10n ** 18n, den: 1n });
        assert.deepEqual(q("1k"), { num: 1000n, den: 1n });
        assert.deepEqual(q("100u"), { num: 1n, den: 10000n });
        assert.deepEqual(q(2), { num: 2n, den: 1n });
        assert.deepEqual(q("-1"), { num: -1n, den: 1n });
    });

    it("rejects what the API server rejects", () => {
        for (const bad of ["", "abc", "1.2.3", "2GB", "1gi", "Gi", "1e", "1 Gi", "e3", NaN]) {
            assert.equal(parseQuantity(bad as string), undefined, `${bad} must not parse`);
        }
    });

    it("accepts exactly what the former, backtracking pattern accepted", () => {
        // The pattern before issue 19; fine on these short strings, quadratic on long ones.
        const former = /^([+-]?)(\d+\.?\d*|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;
        const alphabet = ["0", "1", ".", "+", "-", "e", "E", "K", "i", "m"];
        let texts = [""];
        let compared = 0;
        for (let length = 1; length <= 4; length++) {
            texts = texts.flatMap((t) => alphabet.map((c) => t + c));
            for (const text of texts) {
                assert.equal(parseQuantity(text) !== undefined, former.test(text), text);
                compared++;
            }
        }
        assert.equal(compared, 11110);
        assert.deepEqual(q("1."), { num: 1n, den: 1n });
        assert.deepEqual(q("+.5e-1"), { num: 1n, den: 20n });
        assert.deepEqual(q("-1.5Ki"), { num: -1536n, den: 1n });
    });

    it("rejects a 30,000-character non-quantity (it used to take seconds)", () => {
        for (const long of ["1".repeat(30000) + "x", "1".repeat(30000) + ".x", `1e${"1".repeat(30000)}x`]) {
            assert.equal(parseQuantity(long), undefined);
        }
        assert.deepEqual(q(`0.${"0".repeat(29997)}1`), { num: 1n, den: 10n ** 29998n });
    });

    it("compares exactly across notations", () => {
        assert.equal(compareQuantities(q("0.5"), q("500m")), 0);
        assert.equal(compareQuantities(q("1Gi"), q("1024Mi")), 0);
        assert.equal(compareQuantities(q("1G"), q("1Gi")), -1);
        assert.equal(compareQuantities(q("2"), q("1999m")), 1);
        assert.equal(compareQuantities(q("1e3"), q("1k")), 0);
    });

    it("scales and formats for remediation", () => {
        assert.equal(formatQuantity(scaleQuantity(q("500m"), 2)), "1");
        assert.equal(formatQuantity(scaleQuantity(q("250m"), 1.5)), "375m");
        assert.equal(formatQuantity(scaleQuantity(q("2Gi"), 2), "binary"), "4Gi");
        assert.equal(formatQuantity(scaleQuantity(q("1536Mi"), 2), "binary"), "3Gi");
        assert.equal(formatQuantity(q("1m")), "1m");
        assert.equal(formatQuantity(q("0.0000001")), "100n");
        assert.equal(quantityRatio(q("4"), q("2")), 2);
        assert.equal(quantityRatio(q("3Gi"), q("1Gi")), 3);
    });
});
