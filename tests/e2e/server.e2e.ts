// A configured LlamaStack server on the local cluster (issue 17), checked on what the API server
// holds and what its controllers did: the run-config ConfigMap and the hash on the pods, a Secret
// reference whose value goes nowhere else, one claim bound and kept across a rollout, the
// NetworkPolicy (accepted; no network plugin here enforces it), the grace period on the pods, and a
// rollout when - and only when - the run configuration changes. kwok runs no containers: the server
// itself is started for real in llamaServer.e2e.ts from the same rendering.
import { strict as assert } from "assert";
import * as crypto from "crypto";
import * as path from "path";
import { eventually, freshStack, kubectlJson, repoRoot } from "./run";

const cwd = path.join(repoRoot, "tests", "e2e", "programs", "server");
const secretValue = "tok-e2e-5f0c1d";
const runConfigText = (comment: string) => `version: '2'\nimage_name: served\napis: []\nproviders: {}\n# ${comment}\n`;
const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");
/** The CRD's uid while the stack is up; the CRD after its destroy must be the same object. */
let crdUid = "";

/** ReplicaSets of the distribution's Deployment that have pods or are wanted. */
function replicaSets(): any[] {
    return kubectlJson(["get", "replicasets", "-l", "app=served"]).items;
}

function runningPods(): any[] {
    return kubectlJson(["get", "pods", "-l", "app=served"]).items.filter((p: any) => p.status.phase === "Running" && !p.metadata.deletionTimestamp);
}

describe("a configured LlamaStack server on the local cluster", function () {
    this.timeout(15 * 60 * 1000);
    const pulumi = freshStack(cwd, "server");

    before(() => {
        pulumi("config", "set", "runConfigComment", "first");
        pulumi("config", "set", "--secret", "secretValue", secretValue);
        pulumi("up", "--yes", "--skip-preview");
        crdUid = kubectlJson(["get", "crd", "llamastackdistributions.llamastack.io"]).metadata.uid;
    });

    it("mounts the run configuration from an immutable ConfigMap and puts its hash on the pod template", () => {
        const cr = kubectlJson(["get", "llamastackdistribution", "served"]);
        const configMap = kubectlJson(["get", "configmap", cr.spec.runConfig.configMapName]);
        assert.equal(configMap.immutable, true);
        assert.equal(configMap.data["run.yaml"], runConfigText("first"));
        assert.match(configMap.metadata.name, /^served-run-config-[0-9a-z]+$/);
        const pod = kubectlJson(["get", "deployment", "served"]).spec.template;
        assert.equal(pod.metadata.annotations["llamastack.io/run-config-sha256"], sha256(runConfigText("first")));
        const container = pod.spec.containers[0];
        assert.deepEqual(container.args, ["--config", "/etc/llama-stack/run.yaml"]);
        assert.deepEqual(
            pod.spec.volumes.find((v: any) => v.name === "run-config"),
            { name: "run-config", configMap: { name: configMap.metadata.name, items: [{ key: "run.yaml", path: "run.yaml" }], defaultMode: 420 } },
        );
        assert.ok(container.volumeMounts.some((m: any) => m.name === "run-config" && m.mountPath === "/etc/llama-stack" && m.readOnly === true));
    });

    it("takes the provider key from the Secret by reference: the value is in neither the custom resource nor the state", () => {
        const cr = kubectlJson(["get", "llamastackdistribution", "served"]);
        assert.deepEqual(
            cr.spec.env.find((e: any) => e.name === "TOGETHER_API_KEY"),
            { name: "TOGETHER_API_KEY", valueFrom: { secretKeyRef: { name: "llm-keys", key: "together" } } },
        );
        const container = kubectlJson(["get", "deployment", "served"]).spec.template.spec.containers[0];
        assert.deepEqual(container.env.find((e: any) => e.name === "TOGETHER_API_KEY").valueFrom, { secretKeyRef: { name: "llm-keys", key: "together" } });
        assert.equal(JSON.stringify(cr).includes(secretValue), false);
        assert.equal(pulumi("stack", "export").includes(secretValue), false);
    });

    it("binds one claim owned by the distribution, runs the pod on it, and rolls out by recreating (ReadWriteOnce)", async () => {
        const cr = kubectlJson(["get", "llamastackdistribution", "served"]);
        await eventually("the claim to be Bound", () => kubectlJson(["get", "pvc", "served-storage"]).status.phase === "Bound", 60000, 1000);
        const claim = kubectlJson(["get", "pvc", "served-storage"]);
        assert.equal(claim.spec.volumeName, "served-pv");
        assert.deepEqual(claim.metadata.ownerReferences.map((r: any) => r.uid), [cr.metadata.uid]);
        const deployment = kubectlJson(["get", "deployment", "served"]);
        assert.equal(deployment.spec.strategy.type, "Recreate");
        const pods = runningPods();
        assert.equal(pods.length, 1);
        assert.deepEqual(pods[0].spec.volumes.find((v: any) => v.name === "storage").persistentVolumeClaim, { claimName: "served-storage" });
    });

    it("gives the pods the grace period and the preStop pause, and a NetworkPolicy on the server port", () => {
        const pod = runningPods()[0];
        assert.equal(pod.spec.terminationGracePeriodSeconds, 60);
        assert.deepEqual(pod.spec.containers[0].lifecycle, { preStop: { sleep: { seconds: 5 } } });
        const policy = kubectlJson(["get", "networkpolicy", "served"]);
        assert.deepEqual(policy.spec.podSelector, { matchLabels: { app: "served" } });
        assert.deepEqual(policy.spec.ingress[0].ports, [{ protocol: "TCP", port: 8321 }]);
        assert.equal(policy.spec.ingress[0].from.length, 2);
    });

    it("reports the resolved image, the LlamaStack version and the Service URL in status", () => {
        const status = kubectlJson(["get", "llamastackdistribution", "served"]).status;
        assert.equal(status.image, "docker.io/llamastack/distribution-ollama:0.2.0");
        assert.equal(status.serverVersion, "0.2.0");
        assert.equal(status.serviceURL, "http://served.default.svc:80");
        assert.equal(status.phase, "Ready");
    });

    it("does not roll the pods on an up that changes nothing, and rolls them on a new run configuration, keeping the claim", async () => {
        const claimUid = kubectlJson(["get", "pvc", "served-storage"]).metadata.uid;
        const before = replicaSets().map((r: any) => r.metadata.name).sort();
        const podBefore = runningPods()[0].metadata.uid;
        pulumi("up", "--yes", "--skip-preview");
        assert.deepEqual(replicaSets().map((r: any) => r.metadata.name).sort(), before);
        assert.equal(runningPods()[0].metadata.uid, podBefore);

        pulumi("config", "set", "runConfigComment", "second");
        pulumi("up", "--yes", "--skip-preview");
        await eventually("a new ReplicaSet's pod to run", () => {
            const current = replicaSets().filter((r: any) => !before.includes(r.metadata.name));
            const pods = runningPods();
            return current.length === 1 && pods.length === 1 && pods[0].metadata.uid !== podBefore;
        }, 120000, 1000);
        const template = kubectlJson(["get", "deployment", "served"]).spec.template;
        assert.equal(template.metadata.annotations["llamastack.io/run-config-sha256"], sha256(runConfigText("second")));
        assert.equal(kubectlJson(["get", "pvc", "served-storage"]).metadata.uid, claimUid, "the same claim, data and all");
    });

});

describe("after pulumi destroy of a stack with the operator", function () {
    it("the CRD is the same object as before: retained, so a destroy never deletes every distribution in the cluster", () => {
        const crd = kubectlJson(["get", "crd", "llamastackdistributions.llamastack.io"]);
        assert.equal(crd.metadata.uid, crdUid);
        assert.equal(crd.metadata.deletionTimestamp, undefined);
    });
});
