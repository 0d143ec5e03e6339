// Bad input to scripts/cluster.sh: it stops before starting anything and names the part, the
// port and the variable that moves it.
import { strict as assert } from "assert";
import { mkdtempSync, rmSync } from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { repoRoot, run } from "./run";

describe("scripts/cluster.sh on bad input", () => {
    it("refuses a port that is taken, naming the part that needs it", async () => {
        const server = net.createServer();
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const taken = (server.address() as net.AddressInfo).port;
        const state = mkdtempSync(path.join(os.tmpdir(), "cluster-script-"));
        try {
            // Ports of their own for every other part, so a running cluster does not interfere.
            const env = {
                LLAMASTACK_CLUSTER_DIR: path.join(state, "cluster"),
                LLAMASTACK_APISERVER_PORT: "21443", LLAMASTACK_ETCD_PORT: "21379", LLAMASTACK_KCM_PORT: "21257",
                LLAMASTACK_SCHEDULER_PORT: "21259", LLAMASTACK_KWOK_PORT: String(taken), LLAMASTACK_METRICS_SERVER_PORT: "21251",
                LLAMASTACK_KARPENTER_PORT: "21261", LLAMASTACK_VPA_PORT: "21263", LLAMASTACK_CONTROLLER_PORT: "21265",
                LLAMASTACK_CERT_MANAGER_PORT: "21267",
            };
            const result = run("bash", [path.join(repoRoot, "scripts", "cluster.sh"), "up"], { env });
            assert.notEqual(result.status, 0);
            assert.match(result.stderr, new RegExp(`kwok: port ${taken} on 127\\.0\\.0\\.1 is in use \\(choose another with LLAMASTACK_KWOK_PORT\\)`));
            assert.equal(run("bash", [path.join(repoRoot, "scripts", "cluster.sh"), "status"], { env }).status, 1, "nothing was started");
        } finally {
            server.close();
            rmSync(state, { recursive: true, force: true });
        }
    });
});
