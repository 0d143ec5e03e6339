import { strict as assert } from "assert";
import { replicasSpread, topologySpreadSelectsPods, topologySpreadValid } from "../../policy/spread";
import { container, deployment, distribution, hpa, job } from "./fixtures";
import { unknownNumber, unknownObject, unknownString, urnOf, validate, validateStack } from "./harness";

const hostSpread = { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway" };
const zoneSpread = (app: string) => ({ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", minDomains: 2, labelSelector: { matchLabels: { app } } });
const antiAffinity = (app: string) => ({
    podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: { app } } } }],
    },
});

describe("policy replicas-spread", () => {
    it("flags a replicated distribution without spread, and passes one with constraints (the controller fills their selector)", async () => {
        const cr = distribution("my-llamastack", { replicas: 3 });
        assert.deepEqual(await validateStack(replicasSpread, [cr]), [
            {
                message:
                    'LlamaStackDistribution "my-llamastack" runs 3 replicas but sets neither spec.topologySpreadConstraints nor pod anti-affinity: the scheduler may put every replica on one node, ' +
                    'and that node\'s loss or drain takes them all. Add spec.topologySpreadConstraints such as { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway" } ' +
                    "(and one on topology.kubernetes.io/zone; the controller selects the distribution's own pods when labelSelector is left out).",
                urn: urnOf(cr),
            },
        ]);
        assert.deepEqual(await validateStack(replicasSpread, [distribution("my-llamastack", { replicas: 3, topologySpreadConstraints: [hostSpread] })]), []);
        assert.deepEqual(await validateStack(replicasSpread, [distribution("my-llamastack", { replicas: 3, affinity: antiAffinity("my-llamastack") })]), []);
    });

    it("counts an HPA as replicated, and passes single replicas, Jobs and spread Deployments", async () => {
        const flagged = await validateStack(replicasSpread, [distribution("x"), hpa("h", "x")]);
        assert.equal(flagged.length, 1);
        assert.ok(flagged[0].message.startsWith('LlamaStackDistribution "x" is autoscaled by HorizontalPodAutoscaler "h" but sets neither'));
        assert.deepEqual(await validateStack(replicasSpread, [distribution("x"), deployment("one", undefined, { replicas: 1 }), job("j", { containers: [container("j")] })]), []);
        const spread = deployment("api", { containers: [container("api")], topologySpreadConstraints: [zoneSpread("api")] }, { replicas: 4 });
        assert.deepEqual(await validateStack(replicasSpread, [spread]), []);
        const plain = deployment("api", { containers: [container("api")] }, { replicas: 4 });
        assert.ok((await validateStack(replicasSpread, [plain]))[0].message.includes("labelSelector: the pods' labels"));
    });

    it("skips unknown replicas, constraints and affinity", async () => {
        assert.deepEqual(await validateStack(replicasSpread, [distribution("x", { replicas: unknownNumber })]), []);
        assert.deepEqual(await validateStack(replicasSpread, [distribution("x", { replicas: 3, topologySpreadConstraints: unknownObject })]), []);
        assert.deepEqual(await validateStack(replicasSpread, [distribution("x", { replicas: 3, affinity: unknownObject })]), []);
    });
});

describe("policy topology-spread-valid", () => {
    it("is mandatory: the API server rejects these", () => {
        assert.equal(topologySpreadValid.enforcementLevel, "mandatory");
    });

    it("passes valid constraints, and flags maxSkew < 1, unknown whenUnsatisfiable, a missing key and misplaced minDomains", async () => {
        assert.deepEqual(await validate(topologySpreadValid, deployment("api", { containers: [container("api")], topologySpreadConstraints: [hostSpread, zoneSpread("api")] })), []);
        const bad = deployment("api", {
            containers: [container("api")],
            topologySpreadConstraints: [
                { maxSkew: 0, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway" },
                { maxSkew: 1, whenUnsatisfiable: "Schedule" },
                { ...hostSpread, minDomains: 3 },
            ],
        });
        assert.deepEqual(await validate(topologySpreadValid, bad), [
            'Deployment "api": spec.template.spec.topologySpreadConstraints[0]: maxSkew 0 must be a whole number of at least 1. The API server rejects the pod template.',
            'Deployment "api": spec.template.spec.topologySpreadConstraints[1]: topologyKey is missing (e.g. "kubernetes.io/hostname" or "topology.kubernetes.io/zone"); whenUnsatisfiable "Schedule" is unknown: use DoNotSchedule or ScheduleAnyway. The API server rejects the pod template.',
            'Deployment "api": spec.template.spec.topologySpreadConstraints[2]: minDomains is allowed only with whenUnsatisfiable DoNotSchedule. The API server rejects the pod template.',
        ]);
        assert.deepEqual(await validate(topologySpreadValid, distribution("x", { topologySpreadConstraints: [{ maxSkew: -1, topologyKey: "k", whenUnsatisfiable: "DoNotSchedule" }] })), [
            'LlamaStackDistribution "x": spec.topologySpreadConstraints[0]: maxSkew -1 must be a whole number of at least 1. The API server rejects the pod template.',
        ]);
    });

    it("skips unknown values", async () => {
        const unknowns = deployment("api", { containers: [container("api")], topologySpreadConstraints: [{ maxSkew: unknownNumber, topologyKey: unknownString, whenUnsatisfiable: unknownString }, unknownObject] });
        assert.deepEqual(await validate(topologySpreadValid, unknowns), []);
    });
});

describe("policy topology-spread-selects-pods", () => {
    it("flags a selector that matches none of the pods, and a missing selector outside distributions", async () => {
        const d = deployment("api", { containers: [container("api")], topologySpreadConstraints: [zoneSpread("web"), hostSpread, zoneSpread("api")] });
        assert.deepEqual(await validate(topologySpreadSelectsPods, d), [
            'Deployment "api": spec.template.spec.topologySpreadConstraints[0].labelSelector {"matchLabels":{"app":"web"}} does not select the workload\'s own pods (labels {"app":"api"}), so their spread is not what the constraint counts. Select the pods\' own labels.',
            'Deployment "api": spec.template.spec.topologySpreadConstraints[1] has no labelSelector, so it counts no pods and spreads nothing. Set labelSelector.matchLabels to the pods\' own labels ({"app":"api"}).',
        ]);
    });

    it("passes a distribution's constraint without selector (the controller fills it) or with its own app label", async () => {
        assert.deepEqual(await validate(topologySpreadSelectsPods, distribution("x", { topologySpreadConstraints: [hostSpread, zoneSpread("x")] })), []);
        assert.equal((await validate(topologySpreadSelectsPods, distribution("x", { topologySpreadConstraints: [zoneSpread("y")] }))).length, 1);
    });

    it("is not fooled by a label key named toString, and skips unknown selectors", async () => {
        const tricky = deployment("api", {
            containers: [container("api")],
            topologySpreadConstraints: [{ ...hostSpread, labelSelector: { matchExpressions: [{ key: "toString", operator: "Exists" }] } }],
        });
        assert.equal((await validate(topologySpreadSelectsPods, tricky)).length, 1);
        const unknownSelector = deployment("api", { containers: [container("api")], topologySpreadConstraints: [{ ...hostSpread, labelSelector: { matchLabels: { app: unknownString } } }] });
        assert.deepEqual(await validate(topologySpreadSelectsPods, unknownSelector), []);
    });
});
