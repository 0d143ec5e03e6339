// Untyped callers (YAML programs, Python dicts, JavaScript, an unset environment variable) get a
// ValidationError naming the component, the field and the rule, never a TypeError or RangeError.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { errorOf, recorded } from "./mocks";
import * as sdk from "../../src";

function message(make: () => unknown): string {
    const error = errorOf(make);
    assert.equal(error.name, "ValidationError", `${error.name}: ${error.message}`);
    return error.message;
}

describe("untyped callers", () => {
    it("missing arguments and required fields, per component", () => {
        const any = sdk as any;
        assert.equal(message(() => new any.Distribution("d")), 'Distribution "d": arguments undefined must be an object');
        assert.equal(message(() => new any.LlamaStackNamespace("ns")), 'LlamaStackNamespace "ns": arguments undefined must be an object');
        assert.equal(message(() => new any.HorizontalAutoscaler("h", {})), 'HorizontalAutoscaler "h": targetName is required');
        assert.equal(message(() => new any.VerticalAutoscaler("v", { targetName: null })), 'VerticalAutoscaler "v": targetName is required');
        assert.equal(message(() => new any.ScheduledScaler("s", { targetName: "t" })), 'ScheduledScaler "s": schedules is required');
        assert.equal(message(() => new any.Canary("c", [])), 'Canary "c": arguments [] must be an object with canaryPercent, stable, canary');
        assert.equal(message(() => new any.BlueGreen("bg", { active: "blue" })), 'BlueGreen "bg": 2 problems:\n  - blue is required\n  - green is required');
    });

    it("an unset quantity or a null toleration reads as a bad value, not a crash", () => {
        assert.equal(
            message(() => new sdk.Distribution("unset", { image: "i:1", resources: { requests: { cpu: process.env.LLAMASTACK_UNSET_FOR_TEST as string } } })),
            'Distribution "unset": resources.requests.cpu undefined must be a Kubernetes quantity such as 500m, 2, 1.5, 2Gi or 1e3',
        );
        assert.equal(
            message(() => new sdk.Distribution("null-toleration", { image: "i:1", tolerations: [null as any] })),
            'Distribution "null-toleration": tolerations[0] null must be a toleration: { key, operator, value, effect }',
        );
    });

    it("canary bounds the wrong way round name the rollout and the field, not a RangeError", () => {
        assert.equal(
            message(() => new sdk.Canary("bounds", { stable: { image: "i:1" }, canary: { image: "i:2" }, canaryPercent: 10, autoscaling: { minReplicas: 5, maxReplicas: 2 } })),
            'Canary "bounds": autoscaling minReplicas 5 must not exceed maxReplicas 2',
        );
    });

    it("a ScheduledScaler whose schedule fails when it resolves registers no ServiceAccount with known input", async () => {
        const before = recorded.length;
        const scaler = new sdk.ScheduledScaler("later-bad", {
            targetName: pulumi.output(new Promise<string>((resolve) => setTimeout(() => resolve("llama"), 5))),
            schedules: [{ name: "nightly", schedule: "not a schedule", replicas: 1 }],
        });
        await new Promise<unknown>((resolve) => {
            process.once("unhandledRejection", resolve);
            scaler.urn.apply(() => undefined);
            setTimeout(() => resolve(undefined), 500);
        });
        const account = recorded.slice(before).find((r) => r.type === "kubernetes:core/v1:ServiceAccount" && r.name === "later-bad-scaler");
        // Its labels depend on the check: the account's registration carries no resolved labels.
        assert.ok(account === undefined || account.inputs.metadata?.labels === undefined, JSON.stringify(account?.inputs));
    });
});
