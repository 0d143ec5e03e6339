import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { errorOf, find, has, valueOf } from "../mocks";
import { dependenciesOf } from "../dependencies";
import { BlueGreen, Color, ValidationError } from "../../../src";
import { blueGreenSelector, colorPodLabels, planBlueGreen } from "../../../src/rollout/blueGreenPlan";

const CR = "kubernetes:llamastack.io/v1alpha1:LlamaStackDistribution";
const SERVICE = "kubernetes:core/v1:Service";
const CR_TYPE = CR;
const WAIT_FOR = "pulumi.com/waitFor";
const SKIP_AWAIT = "pulumi.com/skipAwait";

type Args = ConstructorParameters<typeof BlueGreen>[1];

/** The guide's two colours: llamastack/llamastack v1.0 (blue) and v1.1 (green), 3 replicas each. */
function guide(overrides: Partial<Args> = {}): Args {
    return {
        blue: { image: "llamastack/llamastack:v1.0", replicas: 3 },
        green: { image: "llamastack/llamastack:v1.1", replicas: 3 },
        active: Color.Blue,
        ...overrides,
    };
}

/** Builds a rollout and waits until it and its children are registered. */
async function make(name: string, args: Args) {
    const rollout = new BlueGreen(name, args);
    await valueOf(pulumi.all([rollout.urn, rollout.activeColor, rollout.serviceName, rollout.blueName, rollout.greenName]));
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

describe("BlueGreen", () => {
    it("runs the guide's llamastack-blue and llamastack-green behind one Service on the active colour", async () => {
        const rollout = await make("llamastack", guide());
        const blue = find(CR, "llamastack-blue").inputs;
        const green = find(CR, "llamastack-green").inputs;
        assert.equal(blue.metadata.name, "llamastack-blue");
        assert.equal(blue.spec.image, "llamastack/llamastack:v1.0");
        assert.equal(blue.spec.replicas, 3);
        assert.equal(green.metadata.name, "llamastack-green");
        assert.equal(green.spec.image, "llamastack/llamastack:v1.1");
        assert.equal(green.spec.replicas, 3);
        assert.deepEqual(blue.spec.podLabels, { "llamastack.io/rollout": "llamastack", "llamastack.io/color": "blue" });
        assert.deepEqual(green.spec.podLabels, { "llamastack.io/rollout": "llamastack", "llamastack.io/color": "green" });

        const service = find(SERVICE, "llamastack-service").inputs;
        assert.equal(service.metadata.name, "llamastack");
        assert.deepEqual(service.spec, {
            type: "LoadBalancer",
            selector: { "llamastack.io/rollout": "llamastack", "llamastack.io/color": "blue" },
            ports: [{ name: "http", port: 8080, targetPort: 8321, protocol: "TCP" }],
            sessionAffinity: "None",
        });
        // The colours have no Service of their own.
        assert.equal(has(SERVICE, "llamastack-blue-service"), false);
        assert.equal(has(SERVICE, "llamastack-green-service"), false);

        assert.equal(await valueOf(rollout.activeColor), "blue");
        assert.equal(await valueOf(rollout.serviceName), "llamastack");
        assert.equal(await valueOf(rollout.blueName), "llamastack-blue");
        assert.equal(await valueOf(rollout.greenName), "llamastack-green");
    });

    it("gives each colour its own autoscaler, and refuses to scale an autoscaled colour to zero", async () => {
        await make("scaled", guide({
            blue: { image: "llamastack/llamastack:v1.0", autoscaling: { minReplicas: 2, maxReplicas: 6 } },
            green: { image: "llamastack/llamastack:v1.1", autoscaling: { minReplicas: 2, maxReplicas: 6 } },
        }));
        const hpa = find("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "scaled-green").inputs;
        assert.equal(hpa.spec.scaleTargetRef.name, "scaled-green");
        assert.equal(find(CR, "scaled-blue").inputs.spec.replicas, undefined);

        const error = errorOf(() => new BlueGreen("cold", guide({
            scaleDownInactive: true,
            green: { image: "llamastack/llamastack:v1.1", autoscaling: { maxReplicas: 6 } },
        })));
        assert.equal(
            error.message,
            'BlueGreen "cold": green.autoscaling cannot be scaled to zero by scaleDownInactive (its HPA keeps at least minReplicas): keep green warm or remove its autoscaling',
        );
    });

    it("switches the selector, and only the selector, when active changes", async () => {
        await make("switch-a", guide({ active: "blue" }));
        await make("switch-b", guide({ active: "green" }));
        const before = find(SERVICE, "switch-a-service").inputs.spec;
        const after = find(SERVICE, "switch-b-service").inputs.spec;
        assert.deepEqual(before.selector, { "llamastack.io/rollout": "switch-a", "llamastack.io/color": "blue" });
        assert.deepEqual(after.selector, { "llamastack.io/rollout": "switch-b", "llamastack.io/color": "green" });
        // Both colours keep running, so switching back is instant.
        assert.equal(find(CR, "switch-b-blue").inputs.spec.replicas, 3);
        assert.equal(find(CR, "switch-b-green").inputs.spec.replicas, 3);
    });

    it("selects exactly the active colour's pods: its labels include the selector, the other's do not", async () => {
        for (const active of [Color.Blue, Color.Green]) {
            const name = `exact-${active}`;
            await make(name, guide({ active, blue: { image: "img:1", podLabels: { team: "ml" } } }));
            const selector = find(SERVICE, `${name}-service`).inputs.spec.selector;
            assert.deepEqual(selector, blueGreenSelector(name, active));
            const inactive = active === Color.Blue ? Color.Green : Color.Blue;
            assert.ok(selects(selector, podLabelsOf(`${name}-${active}`)), `${active} pods are selected`);
            assert.ok(!selects(selector, podLabelsOf(`${name}-${inactive}`)), `${inactive} pods are not selected`);
            assert.equal(podLabelsOf(`${name}-blue`).team, "ml");
        }
    });

    it("moves the Service only after both colours, when the inactive one stays warm", async () => {
        await make("order-warm", guide({ active: "green" }));
        const deps = dependenciesOf(SERVICE, "order-warm-service");
        assert.ok(deps.includes(`${CR_TYPE}::order-warm-green`), `service waits for green: ${deps}`);
        assert.ok(deps.includes(`${CR_TYPE}::order-warm-blue`), `service waits for blue: ${deps}`);
        assert.deepEqual(dependenciesOf(CR, "order-warm-green"), []);
        assert.deepEqual(dependenciesOf(CR, "order-warm-blue"), []);
    });

    it("scales the inactive colour to zero only after the Service has switched away from it", async () => {
        await make("order-cold", guide({ active: "green", scaleDownInactive: true }));
        assert.equal(find(CR, "order-cold-blue").inputs.spec.replicas, 0);
        assert.equal(find(CR, "order-cold-green").inputs.spec.replicas, 3);
        const serviceDeps = dependenciesOf(SERVICE, "order-cold-service");
        assert.ok(serviceDeps.includes(`${CR_TYPE}::order-cold-green`), `service waits for green: ${serviceDeps}`);
        assert.ok(!serviceDeps.includes(`${CR_TYPE}::order-cold-blue`), "service does not wait for the colour it leaves");
        assert.deepEqual(dependenciesOf("llamastack:index:Distribution", "order-cold-blue"), [`${SERVICE}::order-cold-service`]);
        assert.deepEqual(dependenciesOf("llamastack:index:Distribution", "order-cold-green"), []);
    });

    it("without a Service, scales the inactive colour down after the active one is settled", async () => {
        const rollout = await make("no-service", guide({ scaleDownInactive: true, service: { enabled: false } }));
        assert.equal(has(SERVICE, "no-service-service"), false);
        assert.equal(await valueOf(rollout.serviceName), "");
        const deps = dependenciesOf("llamastack:index:Distribution", "no-service-green");
        assert.ok(deps.includes(`${CR_TYPE}::no-service-blue`), `green waits for blue: ${deps}`);
    });

    it("waits for the incoming colour to serve by default, also when autoscaled, and skips waiting when asked", async () => {
        const serving = '["condition=Available","jsonpath={.status.phase}=Ready"]';
        await make("await-on", guide({ active: "green", green: { image: "img:2", replicas: 3, annotations: { owner: "ml" } } }));
        assert.deepEqual(find(CR, "await-on-green").inputs.metadata.annotations, { [WAIT_FOR]: serving, owner: "ml" });
        // The outgoing colour is not awaited.
        assert.equal(find(CR, "await-on-blue").inputs.metadata.annotations[SKIP_AWAIT], "true");
        // Autoscaled: phase Ready follows the HPA's count, not a fixed number of ready pods.
        await make("await-hpa", guide({ active: "blue", blue: { image: "img:1", autoscaling: { minReplicas: 2, maxReplicas: 6 } } }));
        assert.equal(find(CR, "await-hpa-blue").inputs.metadata.annotations[WAIT_FOR], serving);
        await make("await-off", guide({ active: "green", awaitReady: false }));
        assert.deepEqual(find(CR, "await-off-green").inputs.metadata.annotations, { [SKIP_AWAIT]: "true" });
    });

    it("puts both colours and the Service in the rollout's namespace, with the Service's options", async () => {
        await make("ns", guide({ namespace: "ml", service: { name: "front", type: "ClusterIP", port: 80 }, blue: { image: "img:1", port: 9000 } }));
        assert.equal(find(CR, "ns-blue").inputs.metadata.namespace, "ml");
        assert.equal(find(CR, "ns-green").inputs.metadata.namespace, "ml");
        const service = find(SERVICE, "ns-service").inputs;
        assert.equal(service.metadata.namespace, "ml");
        assert.equal(service.metadata.name, "front");
        assert.deepEqual(service.spec.ports, [{ name: "http", port: 80, targetPort: 9000, protocol: "TCP" }]);
        assert.equal(service.spec.type, "ClusterIP");
    });

    describe("plans", () => {
        it("orders a switch: incoming first, Service next, outgoing scaled down last", () => {
            assert.deepEqual(planBlueGreen("green", true, true), {
                blue: { active: false, runsReplicas: false, awaitReady: false, afterService: true },
                green: { active: true, runsReplicas: true, awaitReady: true, afterService: false },
                serviceAfter: ["green"],
            });
            assert.deepEqual(planBlueGreen("blue", false, false), {
                blue: { active: true, runsReplicas: true, awaitReady: false, afterService: false },
                green: { active: false, runsReplicas: true, awaitReady: false, afterService: false },
                serviceAfter: ["blue", "green"],
            });
        });

        it("labels colours apart", () => {
            assert.deepEqual(colorPodLabels("r", "blue"), { "llamastack.io/rollout": "r", "llamastack.io/color": "blue" });
            assert.deepEqual(colorPodLabels("r", "green"), { "llamastack.io/rollout": "r", "llamastack.io/color": "green" });
        });
    });

    describe("rejects bad input with the component, the field and the rule", () => {
        function rejects(name: string, args: Args, message: string) {
            const error = errorOf(() => new BlueGreen(name, args));
            assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${error}`);
            assert.equal(error.message, message);
        }

        it("an active colour that is neither blue nor green", () => {
            rejects("bad-active", guide({ active: "red" as Color }), 'BlueGreen "bad-active": active "red" must be one of blue, green');
        });

        it("a namespace or a colour name Kubernetes would refuse", () => {
            rejects(
                "bad-ns",
                guide({ namespace: "Not_A_Namespace" }),
                `BlueGreen "bad-ns": namespace "Not_A_Namespace" must be a DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit`,
            );
            const long = "x".repeat(60);
            rejects(
                long,
                guide(),
                [
                    `BlueGreen "${long}": 2 problems:`,
                    `  - blue.name "${long}-blue" must be a DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit`,
                    `  - green.name "${long}-green" must be a DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit`,
                ].join("\n"),
            );
        });

        it("an active colour with no replicas", () => {
            rejects(
                "empty-active",
                guide({ active: "green", green: { image: "img:2", replicas: 0 } }),
                'BlueGreen "empty-active": green.replicas 0 must be at least 1 while green is active, or the Service selects no pods',
            );
        });

        it("colours in different namespaces (possible from JavaScript)", () => {
            const blue = { image: "img:1", namespace: "a" } as Args["blue"];
            const green = { image: "img:2", namespace: "b" } as Args["green"];
            rejects(
                "split-ns",
                guide({ namespace: "a", blue, green }),
                `BlueGreen "split-ns": green.namespace "b" differs from the rollout's namespace "a": a Service selects pods in its own namespace only, so set namespace once on the rollout`,
            );
        });

        it("a colour's own Service, the rollout's labels, and every Distribution rule under the colour's name", () => {
            const blue = { image: "", service: { port: 80 }, podLabels: { "llamastack.io/color": "green" }, replicas: -1 } as Args["blue"];
            rejects(
                "many",
                guide({ blue, service: { port: 0 } }),
                [
                    'BlueGreen "many": 5 problems:',
                    '  - blue.image "" must not be empty',
                    '  - blue.replicas -1 must be a whole number greater than or equal to 0',
                    '  - blue.podLabels["llamastack.io/color"] "green" is reserved: the rollout sets it to "blue" to select the track\'s pods',
                    "  - blue.service must not be set: the rollout makes one Service for all its tracks; set service on the rollout",
                    "  - service.port 0 must be a whole number from 1 to 65535",
                ].join("\n"),
            );
        });

        it("values that are unknown at construction, when they resolve, before any colour is created", async () => {
            const rollout = new BlueGreen("late", guide({ green: { image: "img:2", replicas: pulumi.output(0) }, active: "green" }));
            const failure = await new Promise<unknown>((resolve) => {
                process.once("unhandledRejection", resolve);
                rollout.urn.apply(() => undefined);
                setTimeout(() => resolve(undefined), 500);
            });
            assert.ok(failure instanceof ValidationError, `expected a ValidationError, got ${failure}`);
            // Pulumi prefixes the path of the property that failed to serialize; the rule text is ours.
            assert.match(
                (failure as Error).message,
                /(^|: )BlueGreen "late": green\.replicas 0 must be at least 1 while green is active, or the Service selects no pods$/,
            );
            await new Promise((resolve) => setTimeout(resolve, 50));
            assert.equal(has(CR, "late-blue"), false);
            assert.equal(has(CR, "late-green"), false);
            assert.equal(has(SERVICE, "late-service"), false);
        });
    });
});
