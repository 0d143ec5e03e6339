// A real llama-stack server (the version the docs' images pin) started by tests/e2e/llamaServer.ts the
// way the controller's container starts it, with the smallest run configuration that needs no model
// server, and one with inline providers only. Needs Python 3.11 and pip's package index (the first run
// installs the pinned venv, about a minute); no cluster. The port is LLAMA_SERVER_PORT or one in 23000-23999.
import * as assert from "assert";
import { execFile, execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import { buildDeployment } from "../../controller/deployment";
import { healthPath } from "../../controller/names";
import { Distribution } from "../../controller/types";
import { buildDistributionSpec, ResolvedDistributionArgs } from "../../src/distribution/distributionSpec";
import { runConfigHash, runConfigSpec } from "../../src/distribution/runConfig";
import { tlsSpec } from "../../src/distribution/tlsResources";
import { get, installServer, LlamaServer, startLlamaServer } from "./llamaServer";

/** No APIs at all: the server still serves health, version, inspect and providers. */
export const minimalRunConfig = `version: '2'
image_name: minimal
apis: []
providers: {}
`;

/** Inline providers only, no inference: local-file datasets and rule-based scoring functions. */
export const inlineRunConfig = `version: '2'
image_name: inline
apis:
- datasetio
- scoring
providers:
  datasetio:
  - provider_id: localfs
    provider_type: inline::localfs
    config:
      kvstore:
        type: sqlite
        db_path: \${env.SQLITE_STORE_DIR:~/.llama/distributions/inline}/localfs_datasetio.db
  scoring:
  - provider_id: basic
    provider_type: inline::basic
    config: {}
`;

const pinned = /^llama[-_]stack==(.+)$/m.exec(
    fs.readFileSync(path.join(__dirname, "..", "..", "scripts", "llamastack-server", "requirements.txt"), "utf8"),
)?.[1];
const port = Number(process.env.LLAMA_SERVER_PORT ?? 23000 + Math.floor(Math.random() * 1000));

/** POSTs `body` in `pieces` parts `gapMs` apart, so the request is in flight for a while; calls `onFirst` after the first. */
function slowPost(url: string, body: string, pieces: number, gapMs: number, onFirst: () => void): Promise<{ status: number; body: string; at: number }> {
    return new Promise((resolve, reject) => {
        const request = http.request(url, { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (response) => {
            let text = "";
            response.on("data", (chunk: Buffer) => (text += chunk.toString()));
            response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text, at: Date.now() }));
        });
        request.on("error", reject);
        const size = Math.ceil(body.length / pieces);
        const send = (i: number): void => {
            if (i >= pieces) {
                request.end();
                return;
            }
            request.write(body.slice(i * size, (i + 1) * size));
            if (i === 0) {
                onFirst();
            }
            setTimeout(() => send(i + 1), gapMs);
        };
        send(0);
    });
}

async function json(server: LlamaServer, route: string): Promise<any> {
    const response = await fetch(`${server.url}${route}`);
    assert.strictEqual(response.status, 200, `${route} answered ${response.status}`);
    return response.json();
}

/** A private CA and a server certificate for 127.0.0.1 and localhost it signed, made with openssl (ECDSA P-256, like cert-manager's). */
function makeCertificates(): { ca: string; cert: string; key: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "llama-tls-"));
    const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    try {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=llama-test-ca");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "tls.key", "-out", "tls.csr", "-subj", "/CN=llama");
        fs.writeFileSync(path.join(dir, "san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        openssl("x509", "-req", "-in", "tls.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "tls.crt", "-days", "1", "-extfile", "san.ext");
        const read = (file: string) => fs.readFileSync(path.join(dir, file), "utf8");
        return { ca: read("ca.crt"), cert: read("tls.crt"), key: read("tls.key") };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** Every file under a directory, relative to it. */
function files(dir: string): string[] {
    return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

describe("llama-stack server under the pod's constraints", function () {
    let python: string;

    before(function () {
        python = installServer();
    });

    it("serves health, version and routes with no APIs, writing only to the storage volume", async function () {
        const server = await startLlamaServer({ runConfig: minimalRunConfig, port, python });
        try {
            const health = await fetch(`${server.url}/v1/health`);
            assert.strictEqual(health.status, 200);
            assert.deepStrictEqual(await health.json(), { status: "OK" });
            assert.strictEqual(server.version, pinned);
            const routes: { route: string }[] = (await json(server, "/v1/inspect/routes")).data;
            assert.ok(routes.some((r) => r.route === "/v1/health"), "the routes list /v1/health");
            assert.deepStrictEqual((await json(server, "/v1/providers")).data, []);
            // HOME itself holds nothing but the volume; the state sits on the volume.
            assert.deepStrictEqual(fs.readdirSync(server.dirs.home), [".llama"]);
            const stored = files(server.dirs.storage);
            assert.ok(stored.includes(path.join("distributions", "minimal", "kvstore.db")), stored.join(", "));
            console.log(`      started in ${server.startupMs} ms, RSS ${server.rssKiB()} KiB; wrote ${stored.join(", ")}`);
        } finally {
            const stopped = await server.stop();
            console.log(`      SIGTERM to exit: ${stopped.ms} ms, code ${stopped.code}, signal ${stopped.signal}`);
            assert.strictEqual(stopped.killed, false, "it exits on SIGTERM without being killed");
        }
    });

    it("runs inline providers with no model server and lists what they serve", async function () {
        const server = await startLlamaServer({ runConfig: inlineRunConfig, port, python });
        try {
            const providers: { api: string; provider_type: string }[] = (await json(server, "/v1/providers")).data;
            assert.deepStrictEqual(providers.map((p) => `${p.api}=${p.provider_type}`).sort(), [
                "datasetio=inline::localfs",
                "scoring=inline::basic",
            ]);
            const functions: { identifier: string }[] = (await json(server, "/v1/scoring-functions")).data;
            assert.ok(functions.some((f) => f.identifier === "basic::equality"), functions.map((f) => f.identifier).join(", "));
            console.log(`      started in ${server.startupMs} ms, RSS ${server.rssKiB()} KiB`);
        } finally {
            assert.strictEqual((await server.stop()).killed, false);
        }
    });

    it("starts from exactly what the Distribution component and the controller render, and answers the probes' path", async function () {
        // The component's spec for a distribution with a run configuration, a custom port and storage
        // elsewhere than /.llama (which llama-stack only finds through the variables the controller sets).
        const args: ResolvedDistributionArgs = { distribution: "ollama", port, runConfig: inlineRunConfig, storage: { mountPath: "/data/llama" } };
        const spec = buildDistributionSpec(args, {
            runConfig: runConfigSpec("inline-run-config-x1"),
            podAnnotations: { "llamastack.io/run-config-sha256": runConfigHash(inlineRunConfig) },
        });
        const distribution: Distribution = { metadata: { name: "inline", namespace: "ai", uid: "u-1" }, spec: spec as Distribution["spec"] };
        const pod = buildDeployment(distribution, { image: "docker.io/llamastack/distribution-ollama:0.2.0" }).spec.template.spec;
        const container = pod.containers[0];
        assert.deepStrictEqual(container.args, ["--config", "/etc/llama-stack/run.yaml"]);
        assert.strictEqual(container.readinessProbe.httpGet.path, healthPath);
        assert.strictEqual(container.ports[0].containerPort, port);
        const server = await startLlamaServer({ runConfig: inlineRunConfig, port, python, container });
        try {
            const probe = await fetch(`${server.url}${healthPath}`);
            assert.strictEqual(probe.status, 200);
            assert.strictEqual(server.version, pinned);
            // The process ran with the controller's arguments and variables (paths moved to the stand-ins).
            assert.deepStrictEqual(server.argv.slice(-2), ["--config", path.join(server.dirs.config, "run.yaml")]);
            assert.strictEqual(server.env.LLAMA_STACK_CONFIG_DIR, server.dirs.storage);
            assert.strictEqual(server.env.LLAMA_STACK_PORT, String(port));
            const providers: { api: string }[] = (await json(server, "/v1/providers")).data;
            assert.deepStrictEqual(providers.map((p) => p.api).sort(), ["datasetio", "scoring"]);
            // Its stores went to the storage volume, found through SQLITE_STORE_DIR and LLAMA_STACK_CONFIG_DIR.
            const stored = files(server.dirs.storage);
            assert.ok(stored.includes("localfs_datasetio.db"), stored.join(", "));
            console.log(`      controller's container: started in ${server.startupMs} ms; wrote ${stored.join(", ")}`);
        } finally {
            assert.strictEqual((await server.stop()).killed, false);
        }
    });

    it("finishes a request in flight on SIGTERM, refusing new connections, before it exits", async function () {
        const server = await startLlamaServer({ runConfig: inlineRunConfig, port, python });
        const rows = Array.from({ length: 200 }, (_, i) => ({ input_query: `q${i}`, generated_answer: "a", expected_answer: i % 2 ? "a" : "b" }));
        const body = JSON.stringify({ input_rows: rows, scoring_functions: { "basic::equality": null } });
        let stopping: Promise<{ ms: number; killed: boolean }> | undefined;
        let sentAt = 0;
        // The request starts; once the server has its headers, SIGTERM; the rest of the body follows over
        // the next 2 s. (A connection whose request headers have not arrived yet is simply closed.)
        const answer = await slowPost(`${server.url}/v1/scoring/score`, body, 10, 250, () => {
            setTimeout(() => {
                sentAt = Date.now();
                stopping = server.stop();
            }, 200);
        });
        const refused = await fetch(`${server.url}/v1/health`, { signal: AbortSignal.timeout(2000) }).then(
            () => false,
            () => true,
        );
        const stopped = await stopping!;
        assert.strictEqual(answer.status, 200, answer.body.slice(0, 500));
        const scores = JSON.parse(answer.body).results["basic::equality"].score_rows as { score: number }[];
        assert.strictEqual(scores.length, rows.length);
        assert.ok(refused, "a new connection is refused while it drains");
        assert.strictEqual(stopped.killed, false);
        assert.ok(sentAt + stopped.ms >= answer.at, "it exits only after answering");
        console.log(`      answered ${answer.at - sentAt} ms after SIGTERM; exited ${stopped.ms} ms after it`);
    });

    it("serves HTTPS with the certificate the controller mounts, and trusts the CA bundle for its own calls", async function () {
        const certs = makeCertificates();
        const args: ResolvedDistributionArgs = { distribution: "ollama", port, runConfig: minimalRunConfig, tls: { secretName: "llama-tls", certificateName: "llama-tls" }, caBundle: { configMapName: "corp-ca" } };
        const spec = buildDistributionSpec(args, { runConfig: runConfigSpec("minimal-run-config-x1"), tls: tlsSpec("llama", args.tls!) });
        const distribution: Distribution = { metadata: { name: "llama", namespace: "ai", uid: "u-1" }, spec: spec as Distribution["spec"] };
        const container = buildDeployment(distribution, { tlsRevision: "1" }).spec.template.spec.containers[0];
        assert.deepStrictEqual(container.readinessProbe.httpGet, { path: healthPath, port: "https", scheme: "HTTPS" });
        const server = await startLlamaServer({ runConfig: minimalRunConfig, port, python, container, tls: certs, caBundle: certs.ca });
        try {
            // The server answers over TLS with exactly the mounted certificate, which a client trusting the CA accepts.
            assert.ok(server.url.startsWith("https://"));
            const health = await get(`${server.url}${healthPath}`, certs.ca);
            assert.strictEqual(health?.status, 200);
            assert.strictEqual(health?.peerCertificate, new crypto.X509Certificate(certs.cert).fingerprint256);
            assert.strictEqual(server.version, pinned);
            assert.ok(server.argv.includes("--tls-certfile") && server.argv.includes("--tls-keyfile"), server.argv.join(" "));
            // Not without the CA, and no plain HTTP on that port.
            assert.strictEqual(await get(`${server.url}${healthPath}`), undefined, "a client that does not trust the CA is refused");
            assert.strictEqual(await get(`http://127.0.0.1:${port}${healthPath}`).then((r) => r?.status), undefined, "no plain HTTP");

            // Outbound: the server's own HTTP client library, with the container's variables, trusts a
            // private-CA endpoint through the bundle, and refuses it without.
            const endpoint = https.createServer({ cert: certs.cert, key: certs.key }, (_req, res) => res.end("ok"));
            await new Promise<void>((resolve) => endpoint.listen(0, "127.0.0.1", resolve));
            const target = `https://127.0.0.1:${(endpoint.address() as { port: number }).port}/`;
            try {
                assert.strictEqual(server.env.SSL_CERT_FILE, path.join(server.dirs.ca, "ca.crt"));
                assert.strictEqual(server.env.REQUESTS_CA_BUNDLE, path.join(server.dirs.ca, "ca.crt"));
                // Asynchronously: the endpoint answers from this process's event loop.
                const call = (env: Record<string, string>) =>
                    new Promise<{ status: number; stdout: string; stderr: string }>((resolve) =>
                        execFile(python, ["-c", `import httpx, requests; print(httpx.get("${target}").text, requests.get("${target}").text)`], { env, encoding: "utf8", timeout: 60_000 }, (error, stdout, stderr) =>
                            resolve({ status: error ? 1 : 0, stdout, stderr }),
                        ),
                    );
                const trusted = await call(server.env);
                assert.strictEqual(trusted.stdout.trim(), "ok ok", trusted.stderr.slice(-2000));
                const { SSL_CERT_FILE, REQUESTS_CA_BUNDLE, ...withoutBundle } = server.env;
                void SSL_CERT_FILE;
                void REQUESTS_CA_BUNDLE;
                const untrusted = await call(withoutBundle);
                assert.notStrictEqual(untrusted.status, 0);
                assert.match(untrusted.stderr, /CERTIFICATE_VERIFY_FAILED/);
            } finally {
                endpoint.close();
            }
            console.log(`      HTTPS: started in ${server.startupMs} ms`);
        } finally {
            assert.strictEqual((await server.stop()).killed, false);
        }
    });
});
