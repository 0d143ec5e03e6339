// Blue-green and canary switches carried out by the local cluster: `pulumi up` waits for the
// incoming colour to serve before the Service moves, and the Service's endpoints (the real
// EndpointSlice controller's) hold exactly the pods that should get traffic.
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as path from "path";
import { endpointPods } from "./pods";
import { eventually, freshStack, kubectlJson, ok, repoRoot } from "./run";

const cwd = path.join(repoRoot, "tests", "e2e", "programs", "rollout");

/** The value of a label on each pod behind a Service's ready endpoints. */
function endpointLabels(service: string, label: string): string[] {
    const pods = new Map<string, any>(kubectlJson(["get", "pods"]).items.map((p: any) => [p.metadata.name, p]));
    return endpointPods(service).map((name) => pods.get(name)?.metadata.labels[label] ?? "?").sort();
}

describe("rollouts on the local cluster", function () {
    this.timeout(15 * 60 * 1000);
    const pulumi = freshStack(cwd, "rollout");
    const staticNode = "static-cpu-a1";

    before(() => {
        pulumi("config", "set", "active", "blue");
        pulumi("up", "--yes", "--skip-preview");
    });

    after(() => {
        ok("kubectl", ["label", "node", staticNode, "llamastack.io/green-ready-"]);
    });

    it("canary at 10%: the Service's endpoints are 9 stable pods and 1 canary pod", async () => {
        await eventually("10 endpoints", () => endpointPods("canary").length === 10, 60000, 1000);
        const tracks = endpointLabels("canary", "version");
        assert.deepEqual(tracks, [...Array(1).fill("canary"), ...Array(9).fill("stable")]);
    });

    it("blue-green: switching to a colour that is not Ready waits, then the endpoints are the new colour's pods only", async () => {
        await eventually("blue's endpoints", () => endpointPods("bg").length === 2, 60000, 1000);
        assert.deepEqual(endpointLabels("bg", "llamastack.io/color"), ["blue", "blue"]);

        // Green can run only on a node labelled green-ready, and none is yet.
        pulumi("config", "set", "active", "green");
        const up = spawn("pulumi", ["up", "--yes", "--skip-preview", "--stack", "rollout"], { cwd, stdio: "ignore" });
        const exited = new Promise<number>((resolve) => up.on("exit", (code) => resolve(code ?? -1)));
        let upCode: number | undefined;
        exited.then((code) => (upCode = code));

        await eventually("green's pods to exist, Pending", () => kubectlJson(["get", "pods", "-l", "llamastack.io/color=green"]).items.length === 2, 120000, 1000);
        await new Promise((resolve) => setTimeout(resolve, 15000));
        assert.equal(upCode, undefined, "pulumi up is still waiting for green");
        assert.equal(kubectlJson(["get", "service", "bg"]).spec.selector["llamastack.io/color"], "blue", "the Service has not moved");
        assert.deepEqual(endpointLabels("bg", "llamastack.io/color"), ["blue", "blue"]);

        // Capacity for green appears: its pods are scheduled and Ready, and only then does the Service move.
        ok("kubectl", ["label", "node", staticNode, "llamastack.io/green-ready=true"]);
        assert.equal(await exited, 0, "pulumi up completes once green serves");
        assert.equal(kubectlJson(["get", "service", "bg"]).spec.selector["llamastack.io/color"], "green");
        await eventually("green's endpoints only", () => {
            const colors = endpointLabels("bg", "llamastack.io/color");
            return colors.length === 2 && colors.every((c) => c === "green");
        }, 60000, 1000);
    });
});
