// The quickstart with an HPA from five programs, against the real API server: TypeScript with the
// components in-process, TypeScript through the plugin (a Node.js SDK generated from
// sdk/schema.json: the remote calls the Python and Go SDKs make), Python, Go and YAML. Each one is
// deployed, the objects are read back, and the stack is destroyed; all must read back the same.
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { kubectlJson, ok, repoRoot, run } from "./run";

const examples = path.join(repoRoot, "examples");

/** What a program deployed, without what the API server or the cluster fills in. */
function snapshot(): Record<string, unknown> {
    const clean = (o: any) => {
        const { name, namespace, labels } = o.metadata;
        return { name, namespace, labels };
    };
    const crd = kubectlJson(["get", "crd", "llamastackdistributions.llamastack.io"]);
    const llsd = kubectlJson(["get", "llamastackdistribution", "my-llamastack", "-n", "default"]);
    const hpa = kubectlJson(["get", "hpa", "my-llamastack", "-n", "default"]);
    const pdb = kubectlJson(["get", "pdb", "my-llamastack", "-n", "default"]);
    const svc = kubectlJson(["get", "service", "my-llamastack", "-n", "default"]);
    // Allocated by the API server, different on every run.
    const { clusterIP, clusterIPs, ports, healthCheckNodePort, ...serviceSpec } = svc.spec;
    return {
        crd: { ...clean(crd), spec: crd.spec },
        // The HPA owns the replica count and may have changed it already.
        distribution: { ...clean(llsd), spec: { ...llsd.spec, replicas: undefined } },
        hpa: { ...clean(hpa), spec: hpa.spec },
        pdb: { ...clean(pdb), spec: pdb.spec },
        service: {
            ...clean(svc),
            spec: serviceSpec,
            ports: ports.map(({ nodePort, ...port }: any) => port),
        },
    };
}

/** node_modules for a program outside the repository: the repository's, plus `llamastack`. */
function linkNodeModules(dir: string): void {
    fs.mkdirSync(path.join(dir, "node_modules"));
    for (const entry of fs.readdirSync(path.join(repoRoot, "node_modules"))) {
        fs.symlinkSync(path.join(repoRoot, "node_modules", entry), path.join(dir, "node_modules", entry));
    }
    fs.symlinkSync(repoRoot, path.join(dir, "node_modules", "llamastack"));
}

/** A copy of an example whose paths to this repository (../..) are absolute. */
function copyExample(name: string, into: string): string {
    const dir = path.join(into, name);
    fs.cpSync(path.join(examples, name), dir, { recursive: true, filter: (src) => !/\/(venv|sdks|node_modules)$/.test(src) });
    for (const file of ["Pulumi.yaml", "requirements.txt", "go.mod"]) {
        const p = path.join(dir, file);
        if (fs.existsSync(p)) {
            fs.writeFileSync(p, fs.readFileSync(p, "utf8").replace(/(^|[\s>])\.\.\/\.\.(?=\/|\s|$)/gm, `$1${repoRoot}`));
        }
    }
    return dir;
}

/** Programs, each prepared in a directory of its own. */
const programs: Record<string, (work: string) => string> = {
    "typescript, in-process": (work) => {
        const dir = copyExample("quickstart-typescript", work);
        fs.rmSync(path.join(dir, "package.json"));
        fs.copyFileSync(path.join(repoRoot, "quickstart", "tsconfig.json"), path.join(dir, "tsconfig.json"));
        linkNodeModules(dir);
        return dir;
    },
    "typescript, through the plugin": (work) => {
        const dir = copyExample("quickstart-typescript", path.join(work, "remote"));
        fs.rmSync(path.join(dir, "package.json"));
        fs.appendFileSync(path.join(dir, "Pulumi.yaml"), `packages:\n  llamastack: ${repoRoot}\n`);
        ok("pulumi", ["package", "gen-sdk", path.join(repoRoot, "sdk", "schema.json"), "--language", "nodejs", "-o", "sdks"], { cwd: dir });
        const index = path.join(dir, "index.ts");
        fs.writeFileSync(index, fs.readFileSync(index, "utf8").replace('from "llamastack"', 'from "./sdks/nodejs"'));
        fs.copyFileSync(path.join(repoRoot, "quickstart", "tsconfig.json"), path.join(dir, "tsconfig.json"));
        linkNodeModules(dir);
        return dir;
    },
    python: (work) => {
        const dir = copyExample("quickstart-python", work);
        ok("python3", ["-m", "venv", "venv"], { cwd: dir });
        ok(path.join(dir, "venv", "bin", "pip"), ["install", "-q", "-r", "requirements.txt"], { cwd: dir });
        return dir;
    },
    go: (work) => copyExample("quickstart-go", work),
    // No SDK: the YAML host reads the schema from the plugin.
    yaml: (work) => copyExample("quickstart-yaml", work),
};

describe("multi-language quickstart, end to end", function () {
    this.timeout(30 * 60 * 1000);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "llamastack-multilang-"));
    const seen: Record<string, Record<string, unknown>> = {};

    after(() => fs.rmSync(work, { recursive: true, force: true }));

    for (const [language, prepare] of Object.entries(programs)) {
        it(`${language}: pulumi up creates the CRD, the distribution, its HPA, Service and budget`, () => {
            const dir = prepare(work);
            const stack = "multilang";
            ok("pulumi", ["stack", "init", stack], { cwd: dir });
            // No pod runs here: do not wait for the controller's Deployment. (Setting a value also
            // works around the toolchain's Python host, which hands an empty config as `null`.)
            ok("pulumi", ["config", "set", "skipAwait", "true"], { cwd: dir });
            // No cloud here gives the LoadBalancer Service an address, and `pulumi up` waits for
            // one: play the cloud's controller while it runs.
            const loadBalancer = spawn(
                "bash",
                [
                    "-c",
                    `while sleep 1; do kubectl patch service my-llamastack -n default --subresource=status --type=merge ` +
                        `-p '{"status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.10"}]}}}' >/dev/null 2>&1; done`,
                ],
                { stdio: "ignore" },
            );
            try {
                ok("pulumi", ["up", "--yes", "--skip-preview"], { cwd: dir });
                seen[language] = snapshot();
            } finally {
                loadBalancer.kill();
                run("pulumi", ["destroy", "--yes", "--skip-preview"], { cwd: dir });
                run("pulumi", ["stack", "rm", "--yes", "--force"], { cwd: dir });
            }
            const hpa = seen[language].hpa as any;
            assert.equal(hpa.spec.minReplicas, 2);
            assert.equal(hpa.spec.maxReplicas, 10);
        });
    }

    it("every program created the same objects as TypeScript in-process", () => {
        const reference = seen["typescript, in-process"];
        assert.ok(reference, "the TypeScript program did not run");
        for (const [language, objects] of Object.entries(seen)) {
            assert.deepEqual(objects, reference, `${language} differs from TypeScript in-process`);
        }
        assert.deepEqual(Object.keys(seen).sort(), Object.keys(programs).sort());
    });
});
