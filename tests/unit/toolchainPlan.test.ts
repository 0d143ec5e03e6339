// The quickstart's decision of which tools to take from PATH and which to build
// (`scripts/toolchain.sh --plan quickstart` / `--for quickstart`), run for real against
// stand-in executables on a PATH of our own: no network, no Go build.
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const toolchainScript = path.resolve(__dirname, "../../scripts/toolchain.sh");
const goBin = path.dirname(execFileSync("bash", ["-c", "command -v go"], { encoding: "utf8" }).trim());

interface Machine {
    /** What `pulumi version` prints; no pulumi on PATH when absent. */
    pulumiVersion?: string;
    /** Whether pulumi-language-nodejs sits beside that pulumi. */
    nodejsHost?: boolean;
    /** KUBECONFIG's value. */
    kubeconfigEnv?: string;
    /** Whether ~/.kube/config exists. */
    homeKubeconfig?: boolean;
    /** Put the pulumi inside the toolchain cache, as our own earlier build would be. */
    pulumiInToolchainDir?: boolean;
}

function makeMachine(machine: Machine): { env: NodeJS.ProcessEnv; root: string } {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "toolchain-plan-"));
    const home = path.join(root, "home");
    const toolchainDir = path.join(root, "toolchain");
    const userBin = machine.pulumiInToolchainDir ? path.join(toolchainDir, "bin") : path.join(root, "bin");
    fs.mkdirSync(home, { recursive: true });
    fs.mkdirSync(userBin, { recursive: true });
    if (machine.pulumiVersion !== undefined) {
        fs.writeFileSync(path.join(userBin, "pulumi"), `#!/bin/sh\necho ${machine.pulumiVersion}\n`, { mode: 0o755 });
        if (machine.nodejsHost) {
            fs.writeFileSync(path.join(userBin, "pulumi-language-nodejs"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
        }
    }
    if (machine.homeKubeconfig) {
        fs.mkdirSync(path.join(home, ".kube"));
        fs.writeFileSync(path.join(home, ".kube", "config"), "apiVersion: v1\nkind: Config\n");
    }
    const env: NodeJS.ProcessEnv = {
        PATH: [userBin, goBin, "/usr/bin", "/bin"].join(":"),
        HOME: home,
        LLAMASTACK_TOOLCHAIN_DIR: toolchainDir,
    };
    if (machine.kubeconfigEnv !== undefined) {
        env.KUBECONFIG = machine.kubeconfigEnv;
    }
    return { env, root };
}

/** The lines `--plan quickstart` prints on that machine: "<component> <action> <why>". */
function planLines(machine: Machine): string[] {
    const { env, root } = makeMachine(machine);
    try {
        return execFileSync("bash", [toolchainScript, "--plan", "quickstart"], { env, encoding: "utf8" }).trim().split("\n");
    } finally {
        fs.rmSync(root, { recursive: true, force: true });
    }
}

/** component → "build" | "path" | "skip", from `--plan quickstart`. */
function plan(machine: Machine): Record<string, string> {
    return Object.fromEntries(planLines(machine).map((line) => line.split(" ").slice(0, 2)));
}

function planLine(machine: Machine, component: string): string {
    return planLines(machine).find((line) => line.startsWith(component + " ")) ?? "";
}

describe("scripts/toolchain.sh --plan quickstart", () => {
    it("builds Pulumi, its host, the provider and a local cluster on a bare machine", () => {
        assert.deepEqual(plan({}), {
            "pulumi": "build",
            "langhost": "build",
            "kubernetes-provider": "build",
            "etcd": "build",
            "kubernetes": "build",
            "kwok": "build",
            "metrics-server": "build",
            "karpenter": "build",
            "vpa": "build",
            "cert-manager": "build",
            "yaml": "skip",
            "dotnet-codegen": "skip",
        });
    });

    it("takes a new enough Pulumi CLI from PATH and lets Pulumi install the provider", () => {
        const actions = plan({ pulumiVersion: "v3.280.0", nodejsHost: true });
        assert.equal(actions["pulumi"], "path");
        assert.equal(actions["langhost"], "path");
        assert.equal(actions["kubernetes-provider"], "skip");
        assert.equal(actions["etcd"], "build", "no kubeconfig: the local cluster is still needed");
        assert.equal(actions["kubernetes"], "build");
    });

    it("builds nothing for a user with a Pulumi CLI and a kubeconfig", () => {
        const actions = plan({ pulumiVersion: "v3.280.0", nodejsHost: true, kubeconfigEnv: "/somewhere/config" });
        assert.deepEqual(Object.values(actions).filter((action) => action === "build"), []);
        assert.match(planLine({ kubeconfigEnv: "/somewhere/config" }, "etcd"), /cluster of \/somewhere\/config/);
    });

    it("reads ~/.kube/config when KUBECONFIG is unset", () => {
        const actions = plan({ homeKubeconfig: true });
        for (const component of ["etcd", "kubernetes", "kwok", "metrics-server", "karpenter", "vpa", "cert-manager"]) {
            assert.equal(actions[component], "skip", component);
        }
        assert.equal(actions["pulumi"], "build");
    });

    it("builds Pulumi when the CLI on PATH is older than the package needs", () => {
        assert.equal(plan({ pulumiVersion: "v3.100.0", nodejsHost: true })["pulumi"], "build");
        assert.match(planLine({ pulumiVersion: "v3.100.0", nodejsHost: true }, "pulumi"), /v3\.100\.0, older than v3\.270\.0/);
        // Compared as versions, not as text: 3.1000 is newer than 3.270.
        assert.equal(plan({ pulumiVersion: "v3.1000.0", nodejsHost: true })["pulumi"], "path");
        assert.equal(plan({ pulumiVersion: "v3.270.0-dev.1", nodejsHost: true })["pulumi"], "path");
    });

    it("builds Pulumi when the CLI has no Node.js language host or prints no version", () => {
        assert.equal(plan({ pulumiVersion: "v3.280.0", nodejsHost: false })["pulumi"], "build");
        assert.match(planLine({ pulumiVersion: "v3.280.0" }, "langhost"), /no pulumi-language-nodejs/);
        assert.equal(plan({ pulumiVersion: "warning: something", nodejsHost: true })["pulumi"], "build");
    });

    it("does not mistake its own earlier build on PATH for the user's CLI", () => {
        assert.equal(plan({ pulumiVersion: "v3.274.1", nodejsHost: true, pulumiInToolchainDir: true })["pulumi"], "build");
    });
});

describe("scripts/toolchain.sh --for quickstart", () => {
    it("with the user's CLI and a kubeconfig builds nothing and keeps the user's CLI first on PATH", () => {
        const { env, root } = makeMachine({ pulumiVersion: "v3.280.0", nodejsHost: true, kubeconfigEnv: "/k/config" });
        try {
            const out = execFileSync("bash", [toolchainScript, "--for", "quickstart"], { env, encoding: "utf8" });
            const binDir = path.join(root, "toolchain", "bin");
            assert.equal(out.trim(), `export PATH="$PATH:${binDir}" LLAMASTACK_PULUMI_FROM_PATH=1`);
            assert.deepEqual(fs.readdirSync(path.join(root, "toolchain")).filter((entry) => !entry.startsWith(".")), [],
                "no component directory was made");
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });

    it("rejects an unknown component by name", () => {
        const { env, root } = makeMachine({});
        try {
            assert.throws(
                () => execFileSync("bash", [toolchainScript], {
                    env: { ...env, LLAMASTACK_TOOLCHAIN_COMPONENTS: "etcd kubelet" }, encoding: "utf8", stdio: "pipe",
                }),
                (err: { stderr: string }) => /unknown component 'kubelet'/.test(err.stderr),
            );
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });
});
