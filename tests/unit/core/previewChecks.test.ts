// Issue 19: a preview with unknowns still checks every field that is known. One unknown argument
// (a namespace from another resource, say) used to switch off every check until `up`.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { recorded, rejects, settle } from "../mocks";
import { BlueGreen, Canary, Distribution, ScheduledScaler } from "../../../src";
import { knownPart, mentionsPath } from "../../../src/core/validation";

/** A value the program only knows later, as an Output is during a preview. */
const later = <T>(value: T) => pulumi.output(value);

describe("checks with unknown values (a preview)", () => {
    it("reports a known bad field although another field is unknown", () => {
        rejects(
            () => new Distribution("pv-replicas", { image: "img:1", namespace: later("ai"), replicas: -5 }),
            'Distribution "pv-replicas": replicas -5 must be a whole number greater than or equal to 0',
        );
        rejects(
            () => new Distribution("pv-requests", { image: "img:1", resources: { requests: { memory: "lots" }, limits: { cpu: later("2") } } }),
            'Distribution "pv-requests": resources.requests.memory "lots" must be a Kubernetes quantity such as 500m, 2, 1.5, 2Gi or 1e3',
        );
    });

    it("waits for the unknown value where a rule needs it, instead of guessing", async () => {
        // No image yet: "image or distribution" cannot be judged. Limits unknown: the ratio cannot either.
        new Distribution("pv-image", { image: later("img:1"), replicas: 2 });
        new Distribution("pv-limits", { image: "img:1", resources: { requests: { cpu: "2" }, limits: { cpu: later("1") } } });
        // A whole nested object unknown: only its own path is undecided.
        new Distribution("pv-tls", { image: "img:1", tls: { issuerRef: later({ name: "corp" }) } });
        await settle();
    });

    it("reports before any child exists, for every component", async () => {
        rejects(
            () => new ScheduledScaler("pv-scaler", { targetName: "llama", namespace: later("ai"), schedules: [{ name: "night", schedule: "every night", replicas: 1 }] }),
            'ScheduledScaler "pv-scaler": schedules[0].schedule "every night" is not a valid cron schedule: has 2 fields; it needs 5: minute hour day-of-month month day-of-week',
        );
        rejects(
            () => new BlueGreen("pv-bg", { namespace: later("ai"), active: "blue", blue: { image: later("img:1") }, green: { image: "img:2", replicas: 1.5 } }),
            'BlueGreen "pv-bg": green.replicas 1.5 must be a whole number greater than or equal to 0',
        );
        rejects(
            () => new Canary("pv-canary", { namespace: later("ai"), canaryPercent: 10, autoscaling: { minReplicas: 6, maxReplicas: 4 }, stable: { image: "img:1" }, canary: { image: "img:2" } }),
            'Canary "pv-canary": autoscaling minReplicas 6 must not exceed maxReplicas 4',
        );
        await settle();
        // The components themselves register in super(); none of their children does.
        assert.equal(recorded.some((r) => !r.type.startsWith("llamastack:") && ["pv-scaler", "pv-bg", "pv-canary"].some((n) => r.name.startsWith(n))), false);
    });

    it("leaves out what is unknown and names what cannot be judged yet", () => {
        const { known, undecided } = knownPart({ namespace: later("ai"), replicas: 2, env: { A: later("x"), B: "y" }, resources: { limits: { cpu: later("1"), memory: "1Gi" } }, tolerations: [later({})] });
        assert.deepEqual(known, { replicas: 2, env: { B: "y" }, resources: { limits: { memory: "1Gi" } }, tolerations: [undefined] });
        assert.deepEqual(undecided, ["namespace", "env", "resources.limits", "tolerations"]);
    });

    it("matches a path only as a whole field name", () => {
        assert.equal(mentionsPath('resources.limits.cpu "1" is below requests.cpu "2"', "resources.limits"), true);
        assert.equal(mentionsPath("image and distribution must not both be set", "image"), true);
        assert.equal(mentionsPath("must set exactly one of image and distribution", "distribution"), true);
        assert.equal(mentionsPath('tolerations[0].key "a b"', "tolerations"), true);
        assert.equal(mentionsPath("imagePullPolicy is bad", "image"), false);
        assert.equal(mentionsPath("replicas 3 is more", "canary.replicas"), false);
    });
});
