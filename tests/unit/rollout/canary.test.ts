import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { errorOf, find, has, valueOf } from "../mocks";
import { dependenciesOf } from "../dependencies";
import { Canary, ValidationError } from "../../../src";

const CR = "kubernetes:llamastack.io/v1alpha1:LlamaStackDistribution";
const SERVICE = "kubernetes:core/v1:Service";
const ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";

type Args = ConstructorParameters<typeof Canary>[1];

/** The guide's canary: 10 replicas, 10% on the canary image. */
function guide(overrides: Partial<Args> = {}): Args {
    return {
        replicas: 10,
        canaryPercent: 10,
        stable: { image: "llamastack/llamastack:v1.0" },
        canary: { image: "llamastack/llamastack:v1.1" },
        ...overrides,
    };
}

/** Builds a rollout and waits until it and its children are registered. */
async function make(name: string, args: Args) {
    const rollout = new Canary(name, args);
    await valueOf(
        pulumi.all([rollout.urn, rollout.serviceName, rollout.stableName, rollout.canaryName, rollout.stableReplicas, rollout.canaryReplicas]),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    return rollout;
}

/** The labels the controller puts on a distribution's pods: `app`, `version` and `podLabels`. */
function podLabelsOf(name: string): Record<string, string> {
    const cr = find(CR, name).inputs;
    return { app: cr.metadata.name, ...(cr.spec.version ? { version: cr.spec.version } : {}), ...(cr.spec.podLabels ?? {}) };
}

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
    return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

describe("Canary", () => {
    it("runs the guide's 9 stable + 1 canary from 10 replicas at 10%, labelled by track", async () => {
        const rollout = await make("guide", guide());
        const stable = find(CR, "guide-stable").inputs.spec;
        const canary = find(CR, "guide-canary").inputs.spec;
        assert.equal(stable.replicas, 9);
        assert.equal(stable.version, "stable");
        assert.equal(stable.image, "llamastack/llamastack:v1.0");
        assert.equal(canary.replicas, 1);
        assert.equal(canary.version, "canary");
        assert.equal(canary.image, "llamastack/llamastack:v1.1");
        assert.equal(await valueOf(rollout.stableReplicas), 9);
        assert.equal(await valueOf(rollout.canaryReplicas), 1);
        assert.equal(await valueOf(rollout.stableName), "guide-stable");
        assert.equal(await valueOf(rollout.canaryName), "guide-canary");
        assert.equal(await valueOf(rollout.serviceName), "guide");
    });

    it("puts one Service over both tracks whose selector both tracks' pod labels include", async () => {
        await make("shared", guide({ stable: { image: "img:1", podLabels: { team: "ml" } } }));
        const service = find(SERVICE, "shared-service").inputs;
        assert.deepEqual(service.spec, {
            type: "LoadBalancer",
            selector: { "llamastack.io/rollout": "shared" },
            ports: [{ name: "http", port: 8080, targetPort: 8321, protocol: "TCP" }],
            sessionAffinity: "None",
        });
        for (const track of ["stable", "canary"]) {
            const labels = podLabelsOf(`shared-${track}`);
            assert.ok(selects(service.spec.selector, labels), `${track} pods ${JSON.stringify(labels)} are selected`);
            assert.equal(labels.version, track);
        }
        // Exactly the shared labels: nothing in the selector tells the tracks apart.
        const stableLabels = podLabelsOf("shared-stable");
        const canaryLabels = podLabelsOf("shared-canary");
        const shared = Object.keys(stableLabels).filter((key) => stableLabels[key] === canaryLabels[key]);
        assert.deepEqual(Object.keys(service.spec.selector).sort(), shared.sort());
        assert.equal(has(SERVICE, "shared-stable-service"), false, "no per-track Service without a route");
        assert.deepEqual(dependenciesOf(SERVICE, "shared-service").filter((d) => d.startsWith(CR)).sort(), [`${CR}::shared-canary`, `${CR}::shared-stable`]);
    });

    it("promotes with 100% and aborts with 0% by changing one argument", async () => {
        const promoted = await make("promote", guide({ canaryPercent: 100 }));
        assert.equal(find(CR, "promote-stable").inputs.spec.replicas, 0);
        assert.equal(find(CR, "promote-canary").inputs.spec.replicas, 10);
        assert.equal(await valueOf(promoted.canaryReplicas), 10);
        const aborted = await make("abort", guide({ canaryPercent: 0 }));
        assert.equal(find(CR, "abort-stable").inputs.spec.replicas, 10);
        assert.equal(find(CR, "abort-canary").inputs.spec.replicas, 0);
        assert.equal(await valueOf(aborted.stableReplicas), 10);
        // The Service and its selector stay the same through both.
        assert.deepEqual(find(SERVICE, "promote-service").inputs.spec.selector, { "llamastack.io/rollout": "promote" });
        assert.deepEqual(find(SERVICE, "abort-service").inputs.spec.selector, { "llamastack.io/rollout": "abort" });
    });

    it("rounds small totals as documented, from values known only later too", async () => {
        const cases: [number, number, number, number][] = [
            [5, 10, 4, 1],
            [3, 50, 1, 2],
            [2, 1, 1, 1],
            [20, 1, 19, 1],
            [0, 10, 0, 0],
        ];
        for (const [replicas, percent, stable, canary] of cases) {
            const name = `small-${replicas}-${percent}`;
            const rollout = await make(name, guide({ replicas: pulumi.output(replicas), canaryPercent: pulumi.output(percent) }));
            assert.equal(find(CR, `${name}-stable`).inputs.spec.replicas, stable, name);
            assert.equal(find(CR, `${name}-canary`).inputs.spec.replicas, canary, name);
            assert.equal(await valueOf(rollout.stableReplicas), stable);
        }
    });

    it("keeps track options and puts everything in the rollout's namespace", async () => {
        await make("opts", guide({ namespace: "ml", canary: { image: "img:2", env: { MODE: "canary" }, resources: { requests: { cpu: "1" } } } }));
        const canary = find(CR, "opts-canary").inputs;
        assert.equal(canary.metadata.namespace, "ml");
        assert.deepEqual(canary.spec.env, [{ name: "MODE", value: "canary" }]);
        assert.deepEqual(canary.spec.resources, { requests: { cpu: "1" } });
        assert.equal(find(CR, "opts-stable").inputs.metadata.namespace, "ml");
        assert.equal(find(SERVICE, "opts-service").inputs.metadata.namespace, "ml");
    });

    it("weights traffic exactly through a Gateway API HTTPRoute when asked", async () => {
        await make("routed", guide({ namespace: "ml", service: { port: 80 }, gatewayRoute: { gatewayName: "public", gatewayNamespace: "gateways", hostnames: ["llama.example.com"] } }));
        for (const track of ["stable", "canary"]) {
            const trackService = find(SERVICE, `routed-${track}-service`).inputs;
            assert.equal(trackService.metadata.name, `routed-${track}`);
            assert.equal(trackService.metadata.namespace, "ml");
            assert.deepEqual(trackService.spec, {
                type: "ClusterIP",
                selector: { "llamastack.io/rollout": "routed", version: track },
                ports: [{ name: "http", port: 80, targetPort: 8321, protocol: "TCP" }],
            });
            assert.ok(selects(trackService.spec.selector, podLabelsOf(`routed-${track}`)));
            const other = track === "stable" ? "canary" : "stable";
            assert.ok(!selects(trackService.spec.selector, podLabelsOf(`routed-${other}`)));
        }
        const route = find(ROUTE, "routed-route").inputs;
        assert.equal(route.apiVersion, "gateway.networking.k8s.io/v1");
        assert.equal(route.kind, "HTTPRoute");
        assert.equal(route.metadata.name, "routed");
        assert.deepEqual(route.spec, {
            parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "public", namespace: "gateways" }],
            hostnames: ["llama.example.com"],
            rules: [
                {
                    backendRefs: [
                        { kind: "Service", name: "routed-stable", port: 80, weight: 9000 },
                        { kind: "Service", name: "routed-canary", port: 80, weight: 1000 },
                    ],
                },
            ],
        });
        assert.equal(has(ROUTE, "guide-route"), false, "no route unless asked");
    });

    it("splits the HPA bounds by canaryPercent when autoscaling: 2..10 at 10% → stable 1..9, canary 1..1", async () => {
        const rollout = await make("auto", {
            canaryPercent: 10,
            autoscaling: { minReplicas: 2, maxReplicas: 10, targetCPUUtilization: 70 },
            stable: { image: "llamastack/llamastack:v1.0" },
            canary: { image: "llamastack/llamastack:v1.1" },
        });
        const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
        const stable = find(HPA, "auto-stable").inputs.spec;
        const canary = find(HPA, "auto-canary").inputs.spec;
        // splitReplicas(2, 10%) = 1 + 1 and splitReplicas(10, 10%) = 9 + 1.
        assert.deepEqual([stable.minReplicas, stable.maxReplicas], [1, 9]);
        assert.deepEqual([canary.minReplicas, canary.maxReplicas], [1, 1]);
        assert.equal(stable.scaleTargetRef.name, "auto-stable");
        assert.equal(stable.metrics[0].resource.target.averageUtilization, 70);
        // The HPAs own the replicas: neither track's custom resource sets them.
        assert.equal(find(CR, "auto-stable").inputs.spec.replicas, undefined);
        assert.equal(find(CR, "auto-canary").inputs.spec.replicas, undefined);
        assert.equal(await valueOf(rollout.canaryReplicas), 1);
    });

    it("gives a track at 0% no HPA and no pods when autoscaling (abort)", async () => {
        await make("auto-abort", {
            canaryPercent: 0,
            autoscaling: { minReplicas: 2, maxReplicas: 10 },
            stable: { image: "llamastack/llamastack:v1.0" },
            canary: { image: "llamastack/llamastack:v1.1" },
        });
        const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
        assert.equal(has(HPA, "auto-abort-canary"), false);
        assert.equal(find(CR, "auto-abort-canary").inputs.spec.replicas, 0);
        assert.deepEqual([find(HPA, "auto-abort-stable").inputs.spec.minReplicas, find(HPA, "auto-abort-stable").inputs.spec.maxReplicas], [2, 10]);
    });

    describe("rejects bad input with the component, the field and the rule", () => {
        function rejects(name: string, args: Args, message: string) {
            const error = errorOf(() => new Canary(name, args));
            assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${error}`);
            assert.equal(error.message, message);
        }

        it("a percentage outside 0–100", () => {
            rejects(
                "autoscaled-track",
                guide({ canary: { image: "img:1", autoscaling: { maxReplicas: 4 } } }),
                `Canary "autoscaled-track": canary.autoscaling is not supported on a canary track: Canary sets each track's replicas from its own replicas or autoscaling and canaryPercent`,
            );
            rejects(
                "both",
                guide({ autoscaling: { maxReplicas: 10 } }),
                'Canary "both": replicas or autoscaling must be given, and not both: the canary splits one of them',
            );
            rejects(
                "bounds",
                { canaryPercent: 50, autoscaling: { minReplicas: 1, maxReplicas: 4 }, stable: { image: "a:1" }, canary: { image: "b:1" } },
                'Canary "bounds": autoscaling.minReplicas 1 at canaryPercent 50 leaves a track with minReplicas 0 at canaryPercent 50 (stable 0, canary 1); a HorizontalPodAutoscaler needs at least 1, so give minReplicas at least 2',
            );
            rejects("over", guide({ canaryPercent: 120 }), 'Canary "over": canaryPercent 120 must be a number from 0 to 100');
            rejects("under", guide({ canaryPercent: -5 }), 'Canary "under": canaryPercent -5 must be a number from 0 to 100');
        });

        it("a split that leaves stable with no replicas while the canary is below 100%", () => {
            rejects(
                "one",
                guide({ replicas: 1, canaryPercent: 10 }),
                'Canary "one": replicas 1 at canaryPercent 10 would leave the stable track with 0 replicas while the canary is below 100%; give at least 2 replicas, or set canaryPercent to 100 to promote the canary',
            );
        });

        it("bad totals, tracks that set what the rollout sets, different ports", () => {
            const stable = { image: "img:1", replicas: 3, version: "v1", podLabels: { "llamastack.io/rollout": "other" } } as Args["stable"];
            const canary = { image: "img:2", port: 9000, namespace: "elsewhere" } as Args["canary"];
            rejects(
                "many",
                guide({ replicas: 2.5, stable, canary }),
                [
                    'Canary "many": 6 problems:',
                    "  - replicas 2.5 must be a whole number greater than or equal to 0",
                    '  - stable.podLabels["llamastack.io/rollout"] "other" is reserved: the rollout sets it to "many" to select the track\'s pods',
                    "  - stable.replicas 3 must be left out: Canary sets each track's replicas from replicas and canaryPercent",
                    '  - stable.version "v1" must be "stable" or left out: Canary labels the track\'s pods version=stable',
                    `  - canary.namespace "elsewhere" differs from the rollout's namespace "(the provider's)": a Service selects pods in its own namespace only, so set namespace once on the rollout`,
                    "  - canary.port 9000 must equal stable.port 8321: one Service sends both tracks' traffic to one target port",
                ].join("\n"),
            );
        });

        it("a namespace Kubernetes would refuse, reported once for the rollout", () => {
            rejects(
                "bad-ns",
                guide({ namespace: "Not_A_Namespace" }),
                `Canary "bad-ns": namespace "Not_A_Namespace" must be a DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit`,
            );
        });

        it("a route without a gateway", () => {
            rejects("no-gateway", guide({ gatewayRoute: { gatewayName: "" } }), 'Canary "no-gateway": gatewayRoute.gatewayName must not be empty');
        });

        it("values that are unknown at construction, when they resolve, before any track is created", async () => {
            const rollout = new Canary("late", guide({ canaryPercent: pulumi.output(150) }));
            const failure = await new Promise<unknown>((resolve) => {
                process.once("unhandledRejection", resolve);
                rollout.urn.apply(() => undefined);
                setTimeout(() => resolve(undefined), 500);
            });
            assert.ok(failure instanceof ValidationError, `expected a ValidationError, got ${failure}`);
            assert.match((failure as Error).message, /(^|: )Canary "late": canaryPercent 150 must be a number from 0 to 100$/);
            await new Promise((resolve) => setTimeout(resolve, 50));
            assert.equal(has(CR, "late-stable"), false);
            assert.equal(has(CR, "late-canary"), false);
        });
    });
});
