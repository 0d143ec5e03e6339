// cert-manager for real on the local cluster: its own CRDs (from the cert-manager Go module,
// applied by scripts/cluster.sh) and its own controllers (cert-manager-controller beside the
// cluster, built by scripts/toolchain.sh) issue a certificate chain the way Distribution.tls will
// ask for one: a SelfSigned Issuer → a CA Certificate → a CA Issuer from its Secret → a serving
// Certificate for a Service's DNS names. The test reads the issued Secret with Node's X509
// parser: SANs, signature by the CA, validity. Then re-issuance: deleting the Secret and changing
// the DNS names each make cert-manager issue again, and status.revision counts up — the number
// the package's controller rolls pods on.
import { strict as assert } from "assert";
import { X509Certificate, createPrivateKey, createPublicKey } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { conditionOf, dnsNamesOf, isReady, tlsSecretData } from "./certificates";
import { eventually, kubectlJson, ok, run } from "./run";

const ns = "cert-manager-e2e";
const group = "cert-manager.io";
const waitMs = 60000;
/** A ClusterIssuer reads its Secret from cert-manager's cluster resource namespace (kube-system here). */
const clusterIssuer = "llamastack-e2e-ca";

function apply(object: object): void {
    ok("kubectl", ["apply", "-f", "-"], { input: JSON.stringify(object) });
}

function get(kind: string, name: string): any {
    return kubectlJson(["get", kind, name, "-n", ns]);
}

/** What cert-manager says about an object, for failure messages. */
function describe_(kind: string, name: string): string {
    const object = run("kubectl", ["get", kind, name, "-n", ns, "-o", "jsonpath={.status}"]);
    const events = run("kubectl", ["get", "events", "-n", ns, "--field-selector", `involvedObject.name=${name}`,
        "-o", "custom-columns=REASON:.reason,MESSAGE:.message", "--no-headers"]);
    const logFile = path.join(process.env.LLAMASTACK_CLUSTER_DIR ?? "", "cert-manager-controller.log");
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").split("\n").slice(-15).join("\n") : `(no ${logFile})`;
    return `${kind}/${name} status: ${object.stdout || object.stderr}\nevents:\n${events.stdout}\ncert-manager-controller log (tail):\n${log}`;
}

/** Waits (bounded) until cert-manager reports the object Ready=True; fails with what it said. */
async function ready(kind: string, name: string, extra: (object: any) => boolean = () => true): Promise<any> {
    let last: any;
    try {
        await eventually(`${kind}/${name} Ready=True`, () => {
            last = get(kind, name);
            const c = conditionOf(last, "Ready");
            return c?.status === "True" && c.observedGeneration === last.metadata.generation && extra(last);
        }, waitMs, 500);
    } catch (e) {
        throw new Error(`${(e as Error).message}\n${describe_(kind, name)}`);
    }
    return last;
}

const secretData = (name: string): Record<string, Buffer> => tlsSecretData(name, ns);

const serviceNames = [`svc.${ns}.svc.cluster.local`, `svc.${ns}.svc`, `svc.${ns}`, "svc"];

function servingCertificate(dnsNames: string[]): object {
    return {
        apiVersion: `${group}/v1`,
        kind: "Certificate",
        metadata: { name: "svc-tls", namespace: ns },
        spec: {
            secretName: "svc-tls",
            dnsNames,
            duration: "2h",
            renewBefore: "1h",
            usages: ["server auth", "digital signature", "key encipherment"],
            privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
            issuerRef: { group, kind: "Issuer", name: "ca" },
        },
    };
}

describe("cert-manager (real CRDs and controllers) beside the local cluster", function () {
    this.timeout(10 * 60 * 1000);
    let caCert: X509Certificate;
    let leaf: X509Certificate;

    before(() => {
        for (const crd of ["certificates", "certificaterequests", "issuers", "clusterissuers"]) {
            ok("kubectl", ["wait", "--for", "condition=established", "--timeout=60s", `crd/${crd}.${group}`]);
        }
        run("kubectl", ["delete", "namespace", ns, "--ignore-not-found", "--wait=true", "--timeout=120s"]);
        ok("kubectl", ["create", "namespace", ns]);
    });

    after(() => {
        run("kubectl", ["delete", "namespace", ns, "--ignore-not-found", "--wait=false"]);
        run("kubectl", ["delete", "clusterissuer", clusterIssuer, "--ignore-not-found"]);
        run("kubectl", ["delete", "secret", clusterIssuer, "-n", "kube-system", "--ignore-not-found"]);
    });

    it("cert-manager's own schema refuses a Certificate without secretName or issuerRef", () => {
        const result = run("kubectl", ["apply", "-f", "-"], {
            input: JSON.stringify({ apiVersion: `${group}/v1`, kind: "Certificate", metadata: { name: "bad", namespace: ns }, spec: { dnsNames: ["x"] } }),
        });
        assert.notEqual(result.status, 0, "the API server accepted a Certificate without secretName");
        assert.match(result.stderr, /spec\.secretName: Required value/);
        assert.match(result.stderr, /spec\.issuerRef: Required value/);
    });

    it("a SelfSigned Issuer issues a CA Certificate, and a CA Issuer from its Secret becomes Ready", async () => {
        apply({ apiVersion: `${group}/v1`, kind: "Issuer", metadata: { name: "selfsigned", namespace: ns }, spec: { selfSigned: {} } });
        await ready("issuer", "selfsigned");
        apply({
            apiVersion: `${group}/v1`,
            kind: "Certificate",
            metadata: { name: "test-ca", namespace: ns },
            spec: {
                isCA: true,
                commonName: "llamastack-e2e-ca",
                secretName: "test-ca",
                duration: "2160h",
                privateKey: { algorithm: "ECDSA", size: 256 },
                issuerRef: { group, kind: "Issuer", name: "selfsigned" },
            },
        });
        const ca = await ready("certificate", "test-ca");
        assert.equal(ca.status.revision, 1);
        const data = secretData("test-ca");
        caCert = new X509Certificate(data["tls.crt"]);
        assert.equal(caCert.ca, true, "the CA certificate has basicConstraints CA:TRUE");
        assert.match(caCert.subject, /CN=llamastack-e2e-ca/);
        assert.ok(caCert.verify(caCert.publicKey), "self-signed: verified by its own key");
        assert.ok(caCert.checkPrivateKey(createPrivateKey(data["tls.key"])), "tls.key is the CA certificate's key");

        apply({ apiVersion: `${group}/v1`, kind: "Issuer", metadata: { name: "ca", namespace: ns }, spec: { ca: { secretName: "test-ca" } } });
        const issuer = await ready("issuer", "ca");
        assert.equal(conditionOf(issuer, "Ready").reason, "KeyPairVerified");
    });

    it("the CA Issuer issues a serving certificate for the Service's DNS names, signed by the CA", async () => {
        apply(servingCertificate(serviceNames));
        // Ready and the revision are written by two of cert-manager's controllers (readiness and
        // issuing), so Ready=True can be seen a moment before revision 1: wait for both.
        const cert = await ready("certificate", "svc-tls", (c) => c.status.revision !== undefined);
        assert.equal(cert.status.revision, 1);
        const data = secretData("svc-tls");
        leaf = new X509Certificate(data["tls.crt"]);
        assert.deepEqual(dnsNamesOf(leaf), [...serviceNames].sort());
        assert.equal(leaf.ca, false);
        assert.ok(leaf.checkIssued(caCert), "issuer name is the CA's subject");
        assert.ok(leaf.verify(caCert.publicKey), "signature verifies with the CA's public key");
        assert.ok(leaf.checkPrivateKey(createPrivateKey(data["tls.key"])), "tls.key is the certificate's key");
        assert.equal(createPublicKey(data["tls.key"]).asymmetricKeyDetails?.namedCurve, "prime256v1");
        assert.equal(new X509Certificate(data["ca.crt"]).fingerprint256, caCert.fingerprint256, "ca.crt is the CA");
        // Valid now, for the 2 h asked for, and cert-manager's status says the same dates.
        const from = new Date(leaf.validFrom).getTime();
        const to = new Date(leaf.validTo).getTime();
        const now = Date.now();
        assert.ok(from <= now + 5000 && now < to, `valid now: ${leaf.validFrom} .. ${leaf.validTo}`);
        assert.ok(Math.abs(to - from - 2 * 3600 * 1000) <= 60000, `2 h of validity, got ${(to - from) / 1000} s`);
        assert.equal(new Date(cert.status.notAfter).getTime(), to, "status.notAfter is the certificate's notAfter");
        assert.equal(new Date(cert.status.renewalTime).getTime(), to - 3600 * 1000, "renewal 1 h (renewBefore) before expiry");
        const request = kubectlJson(["get", "certificaterequests", "-n", ns]).items
            .find((r: any) => r.metadata.annotations?.["cert-manager.io/certificate-name"] === "svc-tls");
        assert.equal(conditionOf(request, "Approved")?.status, "True", "approved by cert-manager's approver");
        assert.equal(request.metadata.annotations["cert-manager.io/certificate-revision"], "1");
    });

    it("re-issues when the Secret is deleted: a new certificate and key, status.revision 2", async () => {
        ok("kubectl", ["delete", "secret", "svc-tls", "-n", ns]);
        const cert = await ready("certificate", "svc-tls", (c) => c.status.revision === 2 && run("kubectl", ["get", "secret", "svc-tls", "-n", ns]).status === 0);
        assert.equal(cert.status.revision, 2);
        const renewed = new X509Certificate(secretData("svc-tls")["tls.crt"]);
        assert.notEqual(renewed.serialNumber, leaf.serialNumber, "a new certificate");
        assert.notEqual(renewed.publicKey.export({ format: "der", type: "spki" }).toString("hex"),
            leaf.publicKey.export({ format: "der", type: "spki" }).toString("hex"), "a new key (rotationPolicy Always)");
        assert.ok(renewed.verify(caCert.publicKey));
        leaf = renewed;
    });

    it("re-issues when the DNS names change: the new name in the SANs, status.revision 3", async () => {
        const names = [...serviceNames, "llama.example.internal"];
        apply(servingCertificate(names));
        const cert = await ready("certificate", "svc-tls", (c) => c.status.revision === 3);
        const renewed = new X509Certificate(secretData("svc-tls")["tls.crt"]);
        assert.deepEqual(dnsNamesOf(renewed), [...names].sort(), describe_("certificate", "svc-tls"));
        assert.notEqual(renewed.serialNumber, leaf.serialNumber);
        assert.ok(renewed.verify(caCert.publicKey));
        assert.equal(cert.status.revision, 3);
        // The Secret says which Certificate and issuer it came from (what a roll can key on).
        const annotations = get("secret", "svc-tls").metadata.annotations;
        assert.equal(annotations["cert-manager.io/certificate-name"], "svc-tls");
        assert.equal(annotations["cert-manager.io/issuer-name"], "ca");
        assert.equal(annotations["cert-manager.io/issuer-kind"], "Issuer");
    });

    it("a ClusterIssuer of kind CA reads its Secret from the cluster resource namespace (kube-system) and issues", async () => {
        const ca = get("secret", "test-ca");
        apply({
            apiVersion: "v1", kind: "Secret", type: "kubernetes.io/tls",
            metadata: { name: clusterIssuer, namespace: "kube-system" },
            data: { "tls.crt": ca.data["tls.crt"], "tls.key": ca.data["tls.key"] },
        });
        apply({ apiVersion: `${group}/v1`, kind: "ClusterIssuer", metadata: { name: clusterIssuer }, spec: { ca: { secretName: clusterIssuer } } });
        await eventually(`ClusterIssuer ${clusterIssuer} Ready=True`, () => isReady("clusterissuer", clusterIssuer), waitMs, 500).catch((e) => {
            throw new Error(`${e.message}\n${JSON.stringify(kubectlJson(["get", "clusterissuer", clusterIssuer]).status)}`);
        });
        apply({
            apiVersion: `${group}/v1`,
            kind: "Certificate",
            metadata: { name: "from-cluster-issuer", namespace: ns },
            spec: { secretName: "from-cluster-issuer", dnsNames: [`other.${ns}.svc`], issuerRef: { group, kind: "ClusterIssuer", name: clusterIssuer } },
        });
        await ready("certificate", "from-cluster-issuer");
        const issued = new X509Certificate(secretData("from-cluster-issuer")["tls.crt"]);
        assert.deepEqual(dnsNamesOf(issued), [`other.${ns}.svc`]);
        assert.ok(issued.verify(caCert.publicKey), "signed by the same CA");
    });
});
