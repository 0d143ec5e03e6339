// Kill the API server in the middle of a `pulumi up`, start it again, and show that the next
// `up` converges: every distribution exactly once, the state matching the cluster.
import { strict as assert } from "assert";
import { spawn, spawnSync } from "child_process";
import { readFileSync, rmSync, writeFileSync } from "fs";
import * as path from "path";
import { eventually, kubectlJson, ok, repoRoot, run } from "./run";

const cwd = path.join(repoRoot, "tests", "e2e", "programs", "many");
const stack = "outage";
const count = 30;
const clusterDir = process.env.LLAMASTACK_CLUSTER_DIR ?? "";

function distributions(): string[] {
    return kubectlJson(["get", "llsd", "-n", "default"]).items.map((d: any) => d.metadata.name);
}

describe("an API server outage in the middle of pulumi up", function () {
    this.timeout(15 * 60 * 1000);

    before(function () {
        assert.ok(clusterDir, "LLAMASTACK_CLUSTER_DIR names the cluster that scripts/e2e.sh started");
        rmSync(path.join(cwd, `Pulumi.${stack}.yaml`), { force: true });
        run("pulumi", ["stack", "rm", "--yes", "--force", stack], { cwd });
        ok("pulumi", ["stack", "init", stack], { cwd });
        ok("pulumi", ["config", "set", "count", String(count), "--stack", stack], { cwd });
    });

    after(() => {
        run("pulumi", ["destroy", "--yes", "--skip-preview", "--stack", stack], { cwd });
        run("pulumi", ["stack", "rm", "--yes", "--force", stack], { cwd });
    });

    it("fails the interrupted up, and the next up converges with nothing duplicated or lost", async () => {
        const up = spawn("pulumi", ["up", "--yes", "--skip-preview", "--stack", stack], { cwd, stdio: "ignore" });
        const exited = new Promise<number>((resolve) => up.on("exit", (code) => resolve(code ?? -1)));

        // Some distributions exist, the rest are still to come: stop the API server now.
        await eventually("the first distributions", () => run("kubectl", ["get", "llsd", "-n", "default", "--no-headers"]).stdout.trim().split("\n").filter(Boolean).length >= 3, 120000, 100);
        const pidFile = path.join(clusterDir, "kube-apiserver.pid");
        const pid = Number(readFileSync(pidFile, "utf8"));
        const commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
        process.kill(pid, "SIGKILL");
        const beforeOutage = await exited;
        assert.notEqual(beforeOutage, 0, "the interrupted up must fail, not claim success");

        // Start the same API server again, as its supervisor would.
        const restarted = spawn(commandLine[0], commandLine.slice(1), { detached: true, stdio: "ignore" });
        restarted.unref();
        writeFileSync(pidFile, String(restarted.pid));
        await eventually("the API server to be ready", () => spawnSync("kubectl", ["get", "--raw", "/readyz"]).status === 0, 120000);
        const partial = distributions().length;
        assert.ok(partial < count, `the outage came before all ${count} distributions existed (found ${partial})`);

        ok("pulumi", ["up", "--yes", "--skip-preview", "--stack", stack], { cwd });
        const names = distributions().sort();
        assert.deepEqual(names, Array.from({ length: count }, (_, i) => `fleet-${i}`).sort());
        const state = JSON.parse(ok("pulumi", ["stack", "export", "--stack", stack], { cwd }));
        const inState = state.deployment.resources.filter((r: any) => r.type === "kubernetes:llamastack.io/v1alpha1:LlamaStackDistribution");
        assert.equal(inState.length, count, "one state entry per distribution");
        assert.equal(state.deployment.pending_operations?.length ?? 0, 0, "no pending operations left in the state");
        ok("pulumi", ["preview", "--expect-no-changes", "--stack", stack], { cwd });
    });
});
