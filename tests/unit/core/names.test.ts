import { strict as assert } from "assert";
import { checkNamespaceArgs } from "../../../src/namespace/namespaceChecks";
import { isDns1123Label, isLabelValue, isQualifiedName } from "../../../src/core/names";
import { Problems } from "../../../src/core/validation";

// Kubernetes' length bounds are checked before any pattern runs, so a huge value costs nothing.
describe("names at Kubernetes' length bounds", () => {
    const huge = "a".repeat(30000);

    it("DNS labels and label values: 63 characters, not 64", () => {
        assert.equal(isDns1123Label("a".repeat(63)), true);
        assert.equal(isDns1123Label("a".repeat(64)), false);
        assert.equal(isLabelValue("a".repeat(63)), true);
        assert.equal(isLabelValue("a".repeat(64)), false);
        assert.equal(isDns1123Label(huge), false);
        assert.equal(isLabelValue(huge), false);
    });

    it("label keys: a 253-character prefix and a 63-character name, no more", () => {
        const prefix = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`;
        assert.equal(prefix.length, 253);
        assert.equal(isQualifiedName(`${prefix}/${"n".repeat(63)}`), true);
        assert.equal(isQualifiedName(`${prefix}x/${"n".repeat(63)}`), false);
        assert.equal(isQualifiedName(`${prefix}/${"n".repeat(64)}`), false);
        assert.equal(isQualifiedName(huge), false);
        assert.equal(isQualifiedName("/".repeat(30000)), false);
    });

    it("podSecurityVersion, a label value: refused past 63 characters", () => {
        const problemsFor = (version: string) => {
            const problems = new Problems("ns");
            checkNamespaceArgs(problems, "ns", { podSecurityVersion: version });
            return problems.list.length;
        };
        assert.equal(problemsFor(`v1.${"1".repeat(60)}`), 0);
        assert.equal(problemsFor(`v1.${"1".repeat(61)}`), 1);
        assert.equal(problemsFor(`v1.${"1".repeat(30000)}`), 1);
    });
});
