// Autoscaling, schedules, blue-green and canary through the real engine and API server.
import { strict as assert } from "assert";
import * as path from "path";
import { eventually, freshStack, kubectlJson, ok, repoRoot, run } from "./run";

const cwd = path.join(repoRoot, "tests", "e2e", "programs", "fleet");

describe("autoscaling, schedules and rollouts, end to end", function () {
    this.timeout(15 * 60 * 1000);

    const pulumi = freshStack(cwd, "fleet");

    it("pulumi up creates the guide's HPA on the distribution, which Pulumi never gives replicas", () => {
        pulumi("up", "--yes", "--skip-preview");
        const hpa = kubectlJson(["get", "hpa", "my-llamastack"]);
        assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: "llamastack.io/v1alpha1", kind: "LlamaStackDistribution", name: "my-llamastack" });
        assert.equal(hpa.spec.minReplicas, 2);
        assert.equal(hpa.spec.maxReplicas, 10);
        assert.deepEqual(
            hpa.spec.metrics.map((m: any) => [m.resource.name, m.resource.target.averageUtilization]),
            [["cpu", 70], ["memory", 80]],
        );
        assert.equal(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds, 300);

        // The CRD defaulted replicas to 1, and the HPA may already have raised them to its minimum
        // of 2 through the scale subresource; either way no field manager of Pulumi's owns them.
        const distribution = kubectlJson(["get", "llsd", "my-llamastack", "--show-managed-fields"]);
        assert.ok([1, 2].includes(distribution.spec.replicas), `replicas ${distribution.spec.replicas} is the CRD's default or the HPA's minimum`);
        const pulumiOwned = distribution.metadata.managedFields
            .filter((f: any) => /pulumi/.test(f.manager))
            .map((f: any) => JSON.stringify(f.fieldsV1));
        assert.ok(pulumiOwned.length > 0, "Pulumi applied the object");
        for (const fields of pulumiOwned) {
            assert.ok(!fields.includes('"f:replicas"'), `Pulumi must not own spec.replicas: ${fields}`);
        }
    });

    it("the HPA can scale the distribution: its scale subresource and selector resolve", async () => {
        await eventually("AbleToScale=True", () => {
            const conditions = kubectlJson(["get", "hpa", "my-llamastack"]).status?.conditions ?? [];
            return conditions.some((c: any) => c.type === "AbleToScale" && c.status === "True");
        }, 120000);
        // The HPA raised the defaulted 1 replica to its minimum of 2, and the controller followed.
        await eventually("replicas raised to minReplicas", () => kubectlJson(["get", "llsd", "my-llamastack"]).spec.replicas === 2, 120000);
        await eventually("Deployment follows the HPA", () => kubectlJson(["get", "deployment", "my-llamastack"]).spec.replicas === 2, 60000);
    });

    it("the guide's monitoring commands work on the names this package creates", () => {
        assert.match(ok("kubectl", ["get", "hpa"]), /my-llamastack\s+LlamaStackDistribution\/my-llamastack/);
        const described = ok("kubectl", ["describe", "hpa", "my-llamastack"]);
        assert.match(described, /Reference:\s+LlamaStackDistribution\/my-llamastack/);
        assert.match(described, /Min replicas:\s+2/);
        assert.match(described, /Max replicas:\s+10/);
    });

    it("the schedules' CronJobs may patch exactly their HPA and nothing else", () => {
        const jobs = kubectlJson(["get", "cronjobs"]).items.map((j: any) => [j.metadata.name, j.spec.schedule, j.spec.timeZone, j.spec.concurrencyPolicy]);
        assert.deepEqual(jobs.sort(), [
            ["evening-my-llamastack", "0 18 * * *", "Europe/Berlin", "Forbid"],
            ["morning-my-llamastack", "0 8 * * 1-5", "Europe/Berlin", "Forbid"],
        ]);
        const cronJob = kubectlJson(["get", "cronjob", "evening-my-llamastack"]);
        const container = cronJob.spec.jobTemplate.spec.template.spec.containers[0];
        const account = cronJob.spec.jobTemplate.spec.template.spec.serviceAccountName;
        const as = `--as=system:serviceaccount:default:${account}`;
        assert.equal(ok("kubectl", ["auth", "can-i", "patch", "horizontalpodautoscalers/my-llamastack", as]).trim(), "yes");
        assert.equal(run("kubectl", ["auth", "can-i", "patch", "horizontalpodautoscalers/other", as]).stdout.trim(), "no");
        assert.equal(run("kubectl", ["auth", "can-i", "patch", "llamastackdistributions/my-llamastack", as]).stdout.trim(), "no");
        assert.equal(run("kubectl", ["auth", "can-i", "delete", "horizontalpodautoscalers/my-llamastack", as]).stdout.trim(), "no");

        // Run the evening job's own command as its ServiceAccount (no kubelet runs pods here).
        const [binary, ...args] = container.command[0] === "kubectl" ? container.command : [container.command[0], ...(container.args ?? [])];
        assert.match(binary, /kubectl$/);
        ok("kubectl", [...args.filter((a: string) => !a.startsWith("--namespace")), as]);
        const hpa = kubectlJson(["get", "hpa", "my-llamastack"]);
        assert.equal(hpa.spec.minReplicas, 1);
        assert.equal(hpa.spec.maxReplicas, 2);
    });

    it("blue-green: the Service selects the active colour, and one argument switches it", () => {
        const before = kubectlJson(["get", "service", "llamastack"]);
        assert.deepEqual(before.spec.selector, { "llamastack.io/rollout": "llamastack", "llamastack.io/color": "blue" });
        assert.equal(kubectlJson(["get", "llsd", "llamastack-green"]).spec.replicas, 3);

        pulumi("config", "set", "active", "green");
        pulumi("up", "--yes", "--skip-preview");
        const afterSwitch = kubectlJson(["get", "service", "llamastack"]);
        assert.deepEqual(afterSwitch.spec.selector, { "llamastack.io/rollout": "llamastack", "llamastack.io/color": "green" });
        assert.equal(kubectlJson(["get", "llsd", "llamastack-blue"]).spec.replicas, 3, "the inactive colour stays warm");
    });

    it("canary: 9 + 1 from 10 at 10%, then 5 + 5 at 50%, behind one Service over both tracks; with autoscaling, the HPA bounds split", () => {
        assert.equal(kubectlJson(["get", "llsd", "chat-stable"]).spec.replicas, 9);
        assert.equal(kubectlJson(["get", "llsd", "chat-canary"]).spec.replicas, 1);
        assert.deepEqual(kubectlJson(["get", "service", "chat"]).spec.selector, { "llamastack.io/rollout": "chat" });

        // With autoscaling, the split applies to the HPA bounds, 2..10 overall: at 10%, the canary
        // gets round(0.2) = 0, raised to 1 (a canary above 0% runs), and round(1.0) = 1; the
        // stable track the rest. Each track's HPA targets its own distribution.
        const bounds = (track: string) => {
            const hpa = kubectlJson(["get", "hpa", `scaled-${track}`]);
            assert.equal(hpa.spec.scaleTargetRef.name, `scaled-${track}`);
            return [hpa.spec.minReplicas, hpa.spec.maxReplicas];
        };
        assert.deepEqual([bounds("stable"), bounds("canary")], [[1, 9], [1, 1]]);
        assert.equal(kubectlJson(["get", "service", "scaled"]).spec.selector["llamastack.io/rollout"], "scaled");

        pulumi("config", "set", "canaryPercent", "50");
        pulumi("up", "--yes", "--skip-preview");
        assert.equal(kubectlJson(["get", "llsd", "chat-stable"]).spec.replicas, 5);
        assert.equal(kubectlJson(["get", "llsd", "chat-canary"]).spec.replicas, 5);
        // 2 at 50%: 1 + 1; 10 at 50%: 5 + 5.
        assert.deepEqual([bounds("stable"), bounds("canary")], [[1, 5], [1, 5]]);
    });

    it("a second preview shows no changes, even after a schedule moved the HPA's bounds", () => {
        pulumi("preview", "--expect-no-changes");
    });
});
