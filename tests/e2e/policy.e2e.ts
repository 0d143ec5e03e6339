// `pulumi preview --policy-pack policy` with the real engine, as teams run it on pull requests:
// the guide's mistakes fail with the pack's verdicts, the package's own programs pass.
import { strict as assert } from "assert";
import { rmSync } from "fs";
import * as path from "path";
import { ok, repoRoot, run } from "./run";

const pack = path.join(repoRoot, "policy");

function previewWithPack(cwd: string, stack: string, extra: string[] = []) {
    rmSync(path.join(cwd, `Pulumi.${stack}.yaml`), { force: true });
    run("pulumi", ["stack", "rm", "--yes", "--force", stack], { cwd });
    ok("pulumi", ["stack", "init", stack], { cwd });
    try {
        ok("pulumi", ["config", "set", "skipAwait", "true", "--stack", stack], { cwd });
        return run("pulumi", ["preview", "--stack", stack, "--policy-pack", pack, ...extra], { cwd });
    } finally {
        run("pulumi", ["stack", "rm", "--yes", "--force", stack], { cwd });
    }
}

describe("policy pack in pulumi preview, end to end", function () {
    this.timeout(10 * 60 * 1000);

    before(() => {
        // A retained CRD (LlamaStackOperator keeps it) makes the API server's dry run reject the
        // bad program's GPU mistake by its CEL rule and end the preview before the stack policies
        // run; the pack's verdicts on the whole program are what this suite checks.
        ok("kubectl", ["delete", "crd", "llamastackdistributions.llamastack.io", "--ignore-not-found", "--wait=true"]);
    });

    it("fails the deliberately bad program with the mandatory verdicts and reports the advisory ones", () => {
        const result = previewWithPack(path.join(repoRoot, "tests", "policy", "bad-program"), "policy-bad");
        const output = result.stdout + result.stderr;
        assert.notEqual(result.status, 0, output);
        for (const [level, policy] of [
            ["mandatory", "gpu-requests-equal-limits"],
            ["mandatory", "hpa-owns-replicas"],
            ["mandatory", "hpa-vpa-conflict"],
            ["mandatory", "limits-to-requests-ratio"],
            ["advisory", "image-tag-pinned"],
            ["advisory", "hpa-scale-down-stabilization"],
            ["advisory", "loadbalancer-tls"],
        ]) {
            assert.match(output, new RegExp(`\\[${level}\\]\\s+${policy}`), `${policy} reported as ${level}\n${output}`);
        }
    });

    it("remediates the ratio when the pack's config says so", () => {
        const config = path.join(repoRoot, ".pulumi-state", "policy-config.json");
        require("fs").mkdirSync(path.dirname(config), { recursive: true });
        require("fs").writeFileSync(config, JSON.stringify({ "limits-to-requests-ratio": "remediate" }));
        const result = previewWithPack(path.join(repoRoot, "tests", "policy", "bad-program"), "policy-remediate", ["--policy-pack-config", config]);
        const output = result.stdout + result.stderr;
        assert.doesNotMatch(output, /\[mandatory\]\s+limits-to-requests-ratio/, output);
        assert.match(output, /limits-to-requests-ratio/, output);
    });

    it("passes the quickstart: no mandatory violation", () => {
        const result = previewWithPack(repoRoot, "policy-quickstart");
        const output = result.stdout + result.stderr;
        assert.equal(result.status, 0, output);
        assert.doesNotMatch(output, /\[mandatory\]/, output);
    });

    it("passes the fleet program (autoscaling, schedules, rollouts): no mandatory violation", () => {
        const result = previewWithPack(path.join(repoRoot, "tests", "e2e", "programs", "fleet"), "policy-fleet");
        const output = result.stdout + result.stderr;
        assert.equal(result.status, 0, output);
        assert.doesNotMatch(output, /\[mandatory\]/, output);
    });
});
