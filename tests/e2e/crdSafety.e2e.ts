// Living next to the upstream LlamaStack operator, whose CRD has the same name and another schema
// (everything under spec.server), on the real API server: `pulumi up` of LlamaStackOperator does not
// replace that CRD (a field conflict stops it) and a forced apply meets the guard's message saying
// whose it is and what to do; the other operator cannot replace ours either; our controller leaves that operator's objects alone (no Deployment, no
// status, no event, one log line); `pulumi destroy` keeps the CRD. Runs on a cluster of its own
// CRD: ours is removed first and the upstream-style one removed after, so later tests start clean.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { eventually, freshStack, kubectlJson, ok, repoRoot, run } from "./run";

const cwd = path.join(repoRoot, "tests", "e2e", "programs", "operator");
const crd = "llamastackdistributions.llamastack.io";
const upstreamCrd = path.join(repoRoot, "tests", "e2e", "fixtures", "upstream-style-crd.yaml");
const upstreamObject = JSON.stringify({
    apiVersion: "llamastack.io/v1alpha1",
    kind: "LlamaStackDistribution",
    metadata: { name: "theirs", namespace: "default" },
    spec: { replicas: 1, server: { distribution: { name: "starter" }, containerSpec: { port: 8321 } } },
});

function crdGone(): boolean {
    return run("kubectl", ["get", "crd", crd]).status !== 0;
}

function deleteCrd(): Promise<void> {
    ok("kubectl", ["delete", "crd", crd, "--ignore-not-found", "--wait=true", "--timeout=120s"]);
    return eventually("the CRD to be gone", crdGone, 120000, 1000);
}

describe("next to the upstream operator's CRD", function () {
    this.timeout(15 * 60 * 1000);
    const pulumi = freshStack(cwd, "operator");
    const logFile = path.join(process.env.LLAMASTACK_CLUSTER_DIR ?? "", "llamastack-controller.log");
    let logStart = 0;

    before(async () => {
        await deleteCrd();
        ok("kubectl", ["apply", "-f", upstreamCrd]);
        ok("kubectl", ["wait", "--for", "condition=established", "--timeout=60s", `crd/${crd}`]);
        logStart = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
        await eventually("their object to be accepted", () => run("kubectl", ["apply", "-f", "-"], { input: upstreamObject }).status === 0, 60000, 1000);
    });

    after(async () => {
        run("kubectl", ["delete", "llamastackdistribution", "theirs", "--ignore-not-found"]);
        await deleteCrd();
    });

    it("our controller leaves their object alone: no Deployment, no status, no event, one log line", async () => {
        // Long enough for the controller's watch to deliver it and for retries, had there been any.
        await new Promise((resolve) => setTimeout(resolve, 15000));
        assert.equal(run("kubectl", ["get", "deployment", "theirs"]).status, 1, "no Deployment named theirs");
        const theirs = kubectlJson(["get", "llamastackdistribution", "theirs"]);
        assert.equal(theirs.status, undefined, "no status written");
        assert.deepEqual(theirs.spec.server, { distribution: { name: "starter" }, containerSpec: { port: 8321 } });
        const events = kubectlJson(["get", "events", "--field-selector", "involvedObject.name=theirs"]).items;
        assert.deepEqual(events, []);
        assert.ok(logFile && fs.existsSync(logFile), `the cluster's controller logs to ${logFile}`);
        const lines = fs.readFileSync(logFile, "utf8").slice(logStart).split("\n").filter((l) => l.includes('"key":"default/theirs"'));
        assert.equal(lines.length, 1, lines.join("\n"));
        assert.match(lines[0], /ignoring an object without spec\.image or spec\.distribution/);
    });

    it("pulumi up does not replace their CRD, a forced apply of ours meets the guard's words; theirs stays, their object intact", () => {
        const result = run("pulumi", ["up", "--yes", "--skip-preview", "--stack", "operator"], { cwd });
        assert.notEqual(result.status, 0, "pulumi up fails");
        // Unforced, server-side apply stops at the other manager's fields before admission runs.
        assert.match(result.stdout + result.stderr, /Server-Side Apply field conflict detected[\s\S]*\.spec\.versions/);
        // Forced (what patchForce or --force-conflicts would do), the guard answers, saying whose CRD it is and what to do.
        const forced = run("kubectl", ["apply", "--server-side", "--force-conflicts", "--field-manager", "pulumi-forced", "-f", path.join(repoRoot, "crds", "llamastack.io_llamastackdistributions.yaml")]);
        assert.notEqual(forced.status, 0, `a forced apply is denied; it said: ${forced.stdout}${forced.stderr}; the policies: ${run("kubectl", ["get", "validatingadmissionpolicies,validatingadmissionpolicybindings", "-o", "name"]).stdout}`);
        assert.match(forced.stderr, /LlamaStackOperator will not replace the CRD llamastackdistributions\.llamastack\.io/);
        assert.match(forced.stderr, /installCrd: false/);
        const now = kubectlJson(["get", "crd", crd]);
        assert.equal(now.metadata.annotations?.["llamastack.io/schema-flavor"], undefined);
        assert.ok(now.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.server, "their schema is unchanged");
        assert.equal(now.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.image, undefined);
        // Their object survives a write with spec.server intact.
        ok("kubectl", ["annotate", "llamastackdistribution", "theirs", "touched=yes", "--overwrite"]);
        assert.deepEqual(kubectlJson(["get", "llamastackdistribution", "theirs"]).spec.server.distribution, { name: "starter" });
        // The state holds no CRD: a second attempt meets the same refusal, not a half-made stack.
        const state = JSON.parse(pulumi("stack", "export"));
        const inState = (state.deployment.resources ?? []).filter((r: any) => r.type === "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition");
        assert.deepEqual(inState, []);
        assert.deepEqual(state.deployment.pending_operations ?? [], []);
        const again = run("pulumi", ["up", "--yes", "--skip-preview", "--stack", "operator"], { cwd });
        assert.notEqual(again.status, 0);
        assert.equal(kubectlJson(["get", "crd", crd]).metadata.uid, now.metadata.uid);
    });

    it("with their CRD gone, ours installs; theirs cannot replace it; pulumi destroy keeps it", async () => {
        run("kubectl", ["delete", "llamastackdistribution", "theirs", "--ignore-not-found"]);
        await deleteCrd();
        pulumi("up", "--yes", "--skip-preview");
        const ours = kubectlJson(["get", "crd", crd]);
        assert.equal(ours.metadata.annotations["llamastack.io/schema-flavor"], "scaling-guide");
        const overwrite = run("kubectl", ["apply", "--server-side", "--force-conflicts", "-f", upstreamCrd]);
        assert.notEqual(overwrite.status, 0);
        assert.match(overwrite.stderr, /belongs to the llamastack Pulumi package/);
        pulumi("destroy", "--yes", "--skip-preview");
        assert.equal(kubectlJson(["get", "crd", crd]).metadata.uid, ours.metadata.uid, "the same CRD, kept by destroy");
    });
});
