import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { errorOf, find, has, valueOf } from "../mocks";
import { Distribution, ValidationError } from "../../../src";

const CR = "kubernetes:llamastack.io/v1alpha1:LlamaStackDistribution";
const PDB = "kubernetes:policy/v1:PodDisruptionBudget";
const spotToleration = { key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" };
const zoneSpread = (app: string) => [
    { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app } } },
];

async function make(name: string, args: ConstructorParameters<typeof Distribution>[1]) {
    const d = new Distribution(name, args);
    await valueOf(pulumi.all([d.urn, d.name, d.serviceName]));
    await new Promise((resolve) => setTimeout(resolve, 10));
    return d;
}

describe("Distribution.spot", () => {
    it("defaults to the guide's selector and toleration, 2 replicas, a zone spread and a disruption budget", async () => {
        await make("spot-default", { image: "img:1", spot: {} });
        const spec = find(CR, "spot-default").inputs.spec;
        assert.deepEqual(spec.nodeSelector, { "node-type": "spot" });
        assert.deepEqual(spec.tolerations, [spotToleration]);
        assert.equal(spec.replicas, 2);
        assert.deepEqual(spec.topologySpreadConstraints, zoneSpread("spot-default"));
        assert.equal(spec.affinity, undefined);
        assert.deepEqual(find(PDB, "spot-default-pdb").inputs.spec, {
            selector: { matchLabels: { app: "spot-default" } },
            maxUnavailable: 1,
            unhealthyPodEvictionPolicy: "AlwaysAllow",
        });
    });

    it("renders exactly the guide's spot example next to the user's own selector and tolerations", async () => {
        await make("spot-merge", {
            image: "img:1",
            replicas: 3,
            spot: { enabled: true },
            nodeSelector: { "kubernetes.io/arch": "amd64" },
            tolerations: [spotToleration, { key: "team", operator: "Exists", effect: "NoSchedule" }],
        });
        const spec = find(CR, "spot-merge").inputs.spec;
        assert.deepEqual(spec.nodeSelector, { "kubernetes.io/arch": "amd64", "node-type": "spot" });
        // The spot toleration given by the user is not repeated.
        assert.deepEqual(spec.tolerations, [spotToleration, { key: "team", operator: "Exists", effect: "NoSchedule" }]);
        assert.equal(spec.replicas, 3);
    });

    it("with fallbackToOnDemand, prefers spot nodes through node affinity instead of requiring them", async () => {
        await make("spot-fallback", { image: "img:1", replicas: 1, spot: { fallbackToOnDemand: true } });
        const spec = find(CR, "spot-fallback").inputs.spec;
        assert.equal(spec.nodeSelector, undefined);
        assert.deepEqual(spec.tolerations, [spotToleration]);
        assert.deepEqual(spec.affinity, {
            nodeAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                    { weight: 100, preference: { matchExpressions: [{ key: "node-type", operator: "In", values: ["spot"] }] } },
                ],
            },
        });
        assert.deepEqual(spec.topologySpreadConstraints, zoneSpread("spot-fallback"));
        assert.equal(spec.replicas, 1);
        assert.equal(has(PDB, "spot-fallback-pdb"), false);
    });

    it("takes its own selector and toleration, and can leave out the zone spread", async () => {
        await make("spot-own", {
            image: "img:1",
            spot: {
                nodeSelector: { "cloud.google.com/gke-spot": "true" },
                toleration: { key: "cloud.google.com/gke-spot", operator: "Equal", value: "true", effect: "NoSchedule" },
                zoneSpread: false,
            },
        });
        const spec = find(CR, "spot-own").inputs.spec;
        assert.deepEqual(spec.nodeSelector, { "cloud.google.com/gke-spot": "true" });
        assert.deepEqual(spec.tolerations, [{ key: "cloud.google.com/gke-spot", operator: "Equal", value: "true", effect: "NoSchedule" }]);
        assert.equal(spec.topologySpreadConstraints, undefined);
    });

    it("enabled: false places nothing, and a budget can still be turned off", async () => {
        await make("spot-off", { image: "img:1", spot: { enabled: false } });
        const spec = find(CR, "spot-off").inputs.spec;
        assert.equal(spec.replicas, 1);
        assert.equal(spec.nodeSelector, undefined);
        assert.equal(spec.tolerations, undefined);
        assert.equal(spec.topologySpreadConstraints, undefined);
        assert.equal(has(PDB, "spot-off-pdb"), false);

        await make("spot-nobudget", { image: "img:1", spot: {}, disruptionBudget: { enabled: false } });
        assert.equal(has(PDB, "spot-nobudget-pdb"), false);
    });

    it("a parked spot distribution (0 replicas) is allowed", async () => {
        await make("spot-parked", { image: "img:1", replicas: 0, spot: {} });
        assert.equal(find(CR, "spot-parked").inputs.spec.replicas, 0);
    });

    it("with autoscaling, leaves replicas to the HPA and keeps the placement and the budget", async () => {
        await make("spot-hpa", { image: "img:1", spot: {}, autoscaling: { maxReplicas: 6 } });
        const spec = find(CR, "spot-hpa").inputs.spec;
        assert.equal(spec.replicas, undefined);
        assert.deepEqual(spec.nodeSelector, { "node-type": "spot" });
        assert.deepEqual(spec.topologySpreadConstraints, zoneSpread("spot-hpa"));
        assert.equal(has(PDB, "spot-hpa-pdb"), true);
        await make("spot-hpa-one", { image: "img:1", spot: { fallbackToOnDemand: true }, autoscaling: { minReplicas: 1, maxReplicas: 3 } });
        assert.equal(find(CR, "spot-hpa-one").inputs.spec.replicas, undefined);
    });

    describe("rejects", () => {
        const rejects = (name: string, args: any, expected: string) => {
            const error = errorOf(() => new Distribution(name, args));
            assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${error}`);
            assert.equal(error.message, expected);
        };

        it("an HPA floor of one spot replica without fallback", () => {
            rejects(
                "one-spot-hpa",
                { image: "img:1", spot: {}, autoscaling: { minReplicas: 1, maxReplicas: 4 } },
                'Distribution "one-spot-hpa": autoscaling.minReplicas 1 must be at least 2 on spot nodes, or one reclaimed node takes the service down; raise it or set spot.fallbackToOnDemand',
            );
        });

        it("one spot replica without fallback", () => {
            rejects(
                "one-spot",
                { image: "img:1", replicas: 1, spot: { enabled: true } },
                'Distribution "one-spot": replicas 1 must be at least 2 on spot nodes, or one reclaimed node takes the service down; raise replicas or set spot.fallbackToOnDemand',
            );
        });

        it("one spot replica that is only known later, with the same message", async () => {
            const d = new Distribution("one-spot-later", { image: "img:1", replicas: pulumi.output(1), spot: {} });
            const failure = await new Promise<unknown>((resolve) => {
                process.once("unhandledRejection", resolve);
                d.urn.apply(() => undefined);
                setTimeout(() => resolve(undefined), 500);
            });
            assert.ok(failure instanceof ValidationError, `expected a ValidationError, got ${failure}`);
            assert.match(
                (failure as Error).message,
                /(^|: )Distribution "one-spot-later": replicas 1 must be at least 2 on spot nodes, or one reclaimed node takes the service down; raise replicas or set spot\.fallbackToOnDemand$/,
            );
        });

        it("a spot selector that contradicts the node selector, and a bad spot toleration", () => {
            rejects(
                "contradiction",
                { image: "img:1", nodeSelector: { "node-type": "gpu" }, spot: { toleration: { key: "spot", operator: "Exists", value: "true" } } },
                'Distribution "contradiction": 2 problems:\n' +
                    '  - spot.toleration.value "true" must be empty when operator is Exists\n' +
                    '  - spot.nodeSelector["node-type"] "spot" conflicts with nodeSelector["node-type"] "gpu"; no node can carry both',
            );
        });
    });
});
