import { strict as assert } from "assert";
import { autoscalerTargetInStack, hpaOwnsReplicas, hpaVpaConflict, oneAutoscalerPerTarget } from "../../policy/autoscalers";
import { replicaChanges, Stack } from "../../policy/stack";
import { container, cronJob, deployment, distribution, hpa, types, vpa } from "./fixtures";
import { unknownArray, unknownNumber, unknownObject, unknownString, urnOf, validateStack } from "./harness";

const kubectl = (args: string[]) => ({ containers: [container("kubectl", { image: "bitnami/kubectl:1.31.4", command: ["kubectl"], args })] });

describe("policy hpa-vpa-conflict", () => {
    it("flags the guide's HPA (cpu, memory) and VPA (Auto) on one distribution", async () => {
        const theHpa = hpa("llamastack-hpa", "my-llamastack");
        const violations = await validateStack(hpaVpaConflict, [distribution("my-llamastack"), theHpa, vpa("llamastack-vpa", "my-llamastack")]);
        assert.deepEqual(violations, [
            {
                message:
                    'HorizontalPodAutoscaler "llamastack-hpa" scales LlamaStackDistribution "my-llamastack" on cpu, memory while VerticalPodAutoscaler "llamastack-vpa" (updateMode "Auto") resizes the same pods\' cpu, memory: ' +
                    "a VerticalPodAutoscaler that updates pods and a HorizontalPodAutoscaler that scales on the same resource fight each other (each resize changes the utilization the HPA scales on). Scale the HPA on a metric the VPA does not change (spec.metrics of type Pods, Object or External, such as requests_per_second), " +
                    'set the VPA\'s spec.updatePolicy.updateMode to "Off" (recommendations only), or limit its spec.resourcePolicy.containerPolicies[].controlledResources to resources the HPA does not use.',
                urn: urnOf(theHpa),
            },
        ]);
    });

    it("passes a recommendation-only VPA, custom-metric HPAs, disjoint resources and other targets", async () => {
        const cr = distribution("my-llamastack");
        const rps = { metrics: [{ type: "Pods", pods: { metric: { name: "requests_per_second" }, target: { type: "AverageValue", averageValue: "100" } } }] };
        assert.deepEqual(await validateStack(hpaVpaConflict, [cr, hpa("h", "my-llamastack"), vpa("v", "my-llamastack", { updatePolicy: { updateMode: "Off" } })]), []);
        assert.deepEqual(await validateStack(hpaVpaConflict, [cr, hpa("h", "my-llamastack", rps), vpa("v", "my-llamastack")]), []);
        const cpuOnlyHpa = hpa("h", "my-llamastack", { metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }] });
        const memoryOnlyVpa = vpa("v", "my-llamastack", { resourcePolicy: { containerPolicies: [{ containerName: "llamastack", controlledResources: ["memory"] }] } });
        assert.deepEqual(await validateStack(hpaVpaConflict, [cr, cpuOnlyHpa, memoryOnlyVpa]), []);
        assert.deepEqual(await validateStack(hpaVpaConflict, [cr, hpa("h", "my-llamastack"), vpa("v", "other")]), []);
        const otherNamespace = vpa("v", "my-llamastack");
        (otherNamespace.props.metadata as Record<string, unknown>).namespace = "elsewhere";
        assert.deepEqual(await validateStack(hpaVpaConflict, [cr, hpa("h", "my-llamastack"), otherNamespace]), []);
    });

    it("reads defaults: an HPA without metrics scales on cpu; a '*' policy with mode Off exempts containers", async () => {
        const cr = distribution("my-llamastack");
        const noMetrics = hpa("h", "my-llamastack", { metrics: undefined });
        const offForAll = vpa("v", "my-llamastack", { resourcePolicy: { containerPolicies: [{ containerName: "*", mode: "Off" }] } });
        assert.equal((await validateStack(hpaVpaConflict, [cr, noMetrics, vpa("v", "my-llamastack")])).length, 1);
        assert.deepEqual(await validateStack(hpaVpaConflict, [cr, noMetrics, offForAll]), []);
    });

    it("skips unknown metrics or update modes", async () => {
        const cr = distribution("my-llamastack");
        assert.deepEqual(await validateStack(hpaVpaConflict, [cr, hpa("h", "my-llamastack", { metrics: unknownArray }), vpa("v", "my-llamastack")]), []);
        assert.deepEqual(await validateStack(hpaVpaConflict, [cr, hpa("h", "my-llamastack"), vpa("v", "my-llamastack", { updatePolicy: { updateMode: unknownString } })]), []);
    });
});

describe("policy hpa-owns-replicas", () => {
    it("flags the guide's replicas: 5 next to an HPA", async () => {
        const cr = distribution("my-llamastack", { replicas: 5 });
        assert.deepEqual(await validateStack(hpaOwnsReplicas, [cr, hpa("llamastack-hpa", "my-llamastack")]), [
            {
                message:
                    'LlamaStackDistribution "my-llamastack": spec.replicas 5 is set although HorizontalPodAutoscaler "llamastack-hpa" scales it: every `pulumi up` would reset the replica count the HPA chose. ' +
                    "Remove spec.replicas (with the Distribution component: leave `replicas` unset when `autoscaling` is given); the HPA's spec.minReplicas sets the floor.",
                urn: urnOf(cr),
            },
        ]);
    });

    it("passes an autoscaled distribution without replicas, and fixed replicas without an HPA", async () => {
        assert.deepEqual(await validateStack(hpaOwnsReplicas, [distribution("x"), hpa("h", "x")]), []);
        assert.deepEqual(await validateStack(hpaOwnsReplicas, [distribution("x", { replicas: 3 })]), []);
    });

    it("skips an unknown spec, but an unknown replica count is still a count the program sets", async () => {
        const unknownSpec = { ...distribution("x"), props: { metadata: { name: "x" }, spec: unknownObject } };
        assert.deepEqual(await validateStack(hpaOwnsReplicas, [unknownSpec, hpa("h", "x")]), []);
        const unknownCount = await validateStack(hpaOwnsReplicas, [distribution("x", { replicas: unknownNumber }), hpa("h", "x")]);
        assert.equal(unknownCount.length, 1);
        assert.ok(unknownCount[0].message.startsWith('LlamaStackDistribution "x": spec.replicas is set although HorizontalPodAutoscaler "h" scales it'));
    });

    it("reads field ownership where the live object has replicas the HPA or the API server wrote", async () => {
        const live = deployment("api", undefined, { replicas: 4 });
        const h = hpa("h", "api", {}, "Deployment", "apps/v1");
        (live.props.metadata as Record<string, unknown>).managedFields = [
            { manager: "pulumi-kubernetes-1a2b3c", operation: "Apply", fieldsV1: { "f:spec": { "f:template": {} } } },
            { manager: "kube-controller-manager", operation: "Update", subresource: "scale", fieldsV1: { "f:spec": { "f:replicas": {} } } },
        ];
        assert.deepEqual(await validateStack(hpaOwnsReplicas, [live, h]), []);
        (live.props.metadata as { managedFields: { fieldsV1: Record<string, unknown> }[] }).managedFields[0].fieldsV1 = { "f:spec": { "f:replicas": {} } };
        assert.equal((await validateStack(hpaOwnsReplicas, [live, h])).length, 1);
        // A renamed field manager, as the provider records it in its state.
        (live.props.metadata as { managedFields: { manager: string }[] }).managedFields[0].manager = "platform-team";
        assert.deepEqual(await validateStack(hpaOwnsReplicas, [live, h]), []);
        live.props.__fieldManager = "platform-team";
        assert.equal((await validateStack(hpaOwnsReplicas, [live, h])).length, 1);
    });

    it("flags the guide's scale-down CronJob (kubectl patch … replicas) on an autoscaled distribution", async () => {
        const guideCron = cronJob("scale-down-llamastack", kubectl(["patch", "llamastackdistribution", "my-llamastack", "-p", '{"spec":{"replicas":1}}']));
        assert.deepEqual(await validateStack(hpaOwnsReplicas, [distribution("my-llamastack"), hpa("llamastack-hpa", "my-llamastack"), guideCron]), [
            {
                message:
                    'CronJob "scale-down-llamastack" changes the replicas of LlamaStackDistribution "my-llamastack" (`kubectl patch llamastackdistribution my-llamastack -p {"spec":{"replicas":1}}`), which HorizontalPodAutoscaler "llamastack-hpa" scales: ' +
                    "the HPA undoes the change within seconds. Schedule changes to the HPA's spec.minReplicas/spec.maxReplicas instead (`kubectl patch hpa llamastack-hpa …`; the ScheduledScaler component does this when the distribution autoscales).",
                urn: urnOf(guideCron),
            },
        ]);
    });

    it("flags the ScheduledScaler's replica patch (scale subresource) when the distribution has an HPA", async () => {
        const scaler = cronJob("scale-down-my-llamastack", {
            containers: [container("kubectl", { image: "registry.k8s.io/kubectl:v1.34.2", command: ["kubectl", "patch", "llamastackdistribution", "my-llamastack", "--subresource=scale", "--type=merge", "-p", '{"spec":{"replicas":1}}'] })],
        });
        const violations = await validateStack(hpaOwnsReplicas, [distribution("my-llamastack"), hpa("my-llamastack", "my-llamastack"), scaler]);
        assert.equal(violations.length, 1);
        assert.equal(violations[0].urn, urnOf(scaler));
        assert.ok(violations[0].message.startsWith('CronJob "scale-down-my-llamastack" changes the replicas of LlamaStackDistribution "my-llamastack" (`kubectl patch llamastackdistribution my-llamastack --subresource=scale'));
    });

    it("passes schedules that patch the HPA's bounds, and replica schedules without an HPA", async () => {
        const patchHpa = cronJob("night", kubectl(["patch", "hpa", "llamastack-hpa", "--type=merge", "-p", '{"spec":{"minReplicas":1,"maxReplicas":2}}']));
        assert.deepEqual(await validateStack(hpaOwnsReplicas, [distribution("my-llamastack"), hpa("llamastack-hpa", "my-llamastack"), patchHpa]), []);
        const patchReplicas = cronJob("night", kubectl(["patch", "llamastackdistribution", "my-llamastack", "--subresource=scale", "--type=merge", "-p", '{"spec":{"replicas":1}}']));
        assert.deepEqual(await validateStack(hpaOwnsReplicas, [distribution("my-llamastack"), patchReplicas]), []);
    });
});

describe("replica changes in CronJobs", () => {
    const changesOf = (podSpec: Record<string, unknown>, namespace?: string) => {
        const job = cronJob("c", podSpec);
        if (namespace) {
            (job.props.metadata as Record<string, unknown>).namespace = namespace;
        }
        const stack = new Stack([{ type: types.cronJob, urn: "u", name: "c", props: job.props, opts: undefined as never, dependencies: [], propertyDependencies: {}, isType: () => false, asType: () => undefined }]);
        return replicaChanges(stack.objects[0]).map(({ kind, name, namespace: ns }) => `${kind}/${ns}/${name}`);
    };

    it("reads kubectl scale and patch in every spelling: subresource, kind/name, short names, shells", () => {
        assert.deepEqual(changesOf(kubectl(["scale", "llsd/my-llamastack", "--replicas=1"])), ["LlamaStackDistribution/default/my-llamastack"]);
        assert.deepEqual(changesOf(kubectl(["patch", "llamastackdistribution", "x", "--subresource", "scale", "-p", '{"spec": {"replicas": 1}}'])), ["LlamaStackDistribution/default/x"]);
        assert.deepEqual(changesOf(kubectl(["-n", "ml", "scale", "deploy", "api", "--replicas", "0"])), ["Deployment/ml/api"]);
        assert.deepEqual(changesOf({ containers: [container("k", { command: ["sh", "-c", "echo start && kubectl patch llamastackdistributions.llamastack.io x --namespace=ml --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":1}]'"] })] }), [
            "LlamaStackDistribution/ml/x",
        ]);
        assert.deepEqual(changesOf(kubectl(["scale", "sts/db", "--replicas=1"]), "data"), ["StatefulSet/data/db"]);
    });

    it("ignores other patches and commands", () => {
        assert.deepEqual(changesOf(kubectl(["patch", "hpa", "x", "-p", '{"spec":{"minReplicas":1}}'])), []);
        assert.deepEqual(changesOf(kubectl(["patch", "llamastackdistribution", "x", "-p", '{"spec":{"image":"a:1"}}'])), []);
        assert.deepEqual(changesOf(kubectl(["get", "llsd", "x"])), []);
        assert.deepEqual(changesOf({ containers: [container("c", { command: ["echo", "scale", "deployment", "x"] })] }), []);
    });
});

describe("policy autoscaler-target-in-stack", () => {
    it("is advisory and flags an HPA or VPA whose target is not in the stack", async () => {
        assert.equal(autoscalerTargetInStack.enforcementLevel, "advisory");
        const typo = hpa("llamastack-hpa", "my-llamastak");
        const elsewhere = vpa("llamastack-vpa", "my-llamastack");
        (elsewhere.props.metadata as Record<string, unknown>).namespace = "ml";
        assert.deepEqual(await validateStack(autoscalerTargetInStack, [distribution("my-llamastack"), typo, elsewhere]), [
            {
                message:
                    'HorizontalPodAutoscaler "llamastack-hpa": spec.scaleTargetRef names LlamaStackDistribution "my-llamastak", which is not in this stack. Check the target\'s apiVersion, kind, name and namespace; if the target is managed elsewhere, ignore this advisory or disable the policy.',
                urn: urnOf(typo),
            },
            {
                message:
                    'VerticalPodAutoscaler "llamastack-vpa": spec.targetRef names LlamaStackDistribution "my-llamastack" in namespace "ml", which is not in this stack. Check the target\'s apiVersion, kind, name and namespace; if the target is managed elsewhere, ignore this advisory or disable the policy.',
                urn: urnOf(elsewhere),
            },
        ]);
    });

    it("passes targets in the stack, matching group and kind, and skips unknown targets", async () => {
        assert.deepEqual(await validateStack(autoscalerTargetInStack, [distribution("x"), hpa("h", "x"), vpa("v", "x")]), []);
        assert.deepEqual(await validateStack(autoscalerTargetInStack, [deployment("api"), hpa("h", "api", {}, "Deployment", "apps/v1")]), []);
        assert.equal((await validateStack(autoscalerTargetInStack, [deployment("api"), hpa("h", "api")])).length, 1);
        assert.deepEqual(await validateStack(autoscalerTargetInStack, [hpa("h", unknownString)]), []);
    });
});

describe("policy one-autoscaler-per-target", () => {
    it("flags two HPAs on one distribution, and passes HPAs on different targets", async () => {
        const second = hpa("rps", "my-llamastack");
        assert.deepEqual(await validateStack(oneAutoscalerPerTarget, [distribution("my-llamastack"), hpa("cpu", "my-llamastack"), second]), [
            {
                message:
                    'HorizontalPodAutoscaler "cpu" and HorizontalPodAutoscaler "rps" all scale LlamaStackDistribution "my-llamastack": each sets its replicas from its own metrics, ' +
                    "so the count flips between their answers. Merge them into one HPA with all the metrics (it takes the highest proposal).",
                urn: urnOf(second),
            },
        ]);
        assert.deepEqual(await validateStack(oneAutoscalerPerTarget, [hpa("a", "x"), hpa("b", "y"), hpa("c", "x", {}, "Deployment", "apps/v1")]), []);
    });

    it("flags two VPAs that update pods, and passes a second one in mode Off or an unknown mode", async () => {
        const second = vpa("v2", "x", { updatePolicy: { updateMode: "Recreate" } });
        const found = await validateStack(oneAutoscalerPerTarget, [vpa("v1", "x", { updatePolicy: {} }), second]);
        assert.deepEqual(found.map((v) => v.urn), [urnOf(second)]);
        assert.ok(found[0].message.startsWith('VerticalPodAutoscaler "v1" and VerticalPodAutoscaler "v2" all resize LlamaStackDistribution "x" in a mode that updates pods'));
        assert.deepEqual(await validateStack(oneAutoscalerPerTarget, [vpa("v1", "x"), vpa("v2", "x", { updatePolicy: { updateMode: "Off" } })]), []);
        assert.deepEqual(await validateStack(oneAutoscalerPerTarget, [vpa("v1", "x"), vpa("v2", "x", { updatePolicy: { updateMode: unknownString } })]), []);
        // One HPA and one VPA is hpa-vpa-conflict's to judge.
        assert.deepEqual(await validateStack(oneAutoscalerPerTarget, [hpa("h", "x"), vpa("v", "x")]), []);
    });

    it("skips targets unknown during preview", async () => {
        assert.deepEqual(await validateStack(oneAutoscalerPerTarget, [hpa("a", "x"), hpa("b", unknownString)]), []);
    });
});
