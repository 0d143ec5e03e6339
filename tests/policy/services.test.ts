import { strict as assert } from "assert";
import { loadBalancerSourceRanges, loadBalancerTls } from "../../policy/services";
import { deployment, distribution, service, types } from "./fixtures";
import { unknownArray, unknownNumber, unknownObject, unknownString, urnOf, validateStack } from "./harness";

const guideService = service("llamastack-service", { selector: { app: "my-llamastack" }, ports: [{ port: 8080, targetPort: 8080 }], type: "LoadBalancer", sessionAffinity: "None" });
const lb = (app: string, extra: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) =>
    service(`${app}-service`, { type: "LoadBalancer", selector: { app }, ports: [{ port: 8080, targetPort: 8321 }], ...extra }, metadata);
const open =
    'spec.type is LoadBalancer without spec.loadBalancerSourceRanges, so the load balancer accepts traffic from any address. Set loadBalancerSourceRanges to your clients\' CIDRs (e.g. ["10.0.0.0/8"]), or use type ClusterIP behind an ingress.';

/** Both rules' messages, each with its policy's name: the two never report one Service twice. */
async function both(resources: Parameters<typeof validateStack>[1]): Promise<string[]> {
    return [
        ...(await validateStack(loadBalancerSourceRanges, resources)).map((v) => `loadbalancer-source-ranges: ${v.message}`),
        ...(await validateStack(loadBalancerTls, resources)).map((v) => `loadbalancer-tls: ${v.message}`),
    ];
}

describe("policy loadbalancer-source-ranges", () => {
    it("flags the guide's LoadBalancer Service as advisory", async () => {
        assert.equal(loadBalancerSourceRanges.enforcementLevel, "advisory");
        assert.deepEqual(await validateStack(loadBalancerSourceRanges, [guideService]), [{ message: `Service "llamastack-service": ${open}`, urn: urnOf(guideService) }]);
    });

    it("passes source ranges (field or annotation), other types, and unknown values", async () => {
        assert.deepEqual(await both([service("s", { type: "LoadBalancer", loadBalancerSourceRanges: ["10.0.0.0/8"] })]), []);
        assert.deepEqual(await both([service("s", { type: "LoadBalancer", loadBalancerSourceRanges: [unknownString] })]), []);
        assert.deepEqual(await both([service("s", { type: "LoadBalancer" }, { annotations: { "service.beta.kubernetes.io/load-balancer-source-ranges": "10.0.0.0/8" } })]), []);
        assert.deepEqual(await both([service("s", { type: "ClusterIP" })]), []);
        assert.deepEqual(await both([service("s", { type: unknownString })]), []);
        assert.deepEqual(await both([service("s", { type: "LoadBalancer", loadBalancerSourceRanges: unknownArray })]), []);
        assert.deepEqual(await both([service("s", { type: "LoadBalancer" }, { annotations: unknownObject })]), []);
    });

    it("keeps a TLS LoadBalancer, or one in front of no distribution, Deployment or StatefulSet, for itself", async () => {
        for (const tls of [{ ports: [{ name: "https", port: 8443 }] }, { ports: [{ port: 8080, appProtocol: "https" }] }, { ports: [{ port: 443, targetPort: 8321 }] }]) {
            assert.deepEqual(await both([distribution("x"), lb("x", tls)]), [`loadbalancer-source-ranges: Service "x-service": ${open}`]);
        }
        assert.deepEqual(await both([distribution("x", { tls: { secretName: "x-tls" } }), lb("x")]), [`loadbalancer-source-ranges: Service "x-service": ${open}`]);
        assert.deepEqual(await both([deployment("api", undefined, {}, types.daemonSet), lb("api")]), [`loadbalancer-source-ranges: Service "api-service": ${open}`]);
        assert.deepEqual(await both([distribution("x"), lb("y")]), [`loadbalancer-source-ranges: Service "y-service": ${open}`]);
        assert.deepEqual(await both([distribution("x", {}, { namespace: "other" }), lb("x")]), [`loadbalancer-source-ranges: Service "x-service": ${open}`]);
    });
});

describe("policy loadbalancer-tls", () => {
    it("flags the guide's LoadBalancer in front of its distribution: plain HTTP to a public address", async () => {
        assert.equal(loadBalancerTls.enforcementLevel, "advisory");
        const cr = distribution("my-llamastack");
        assert.deepEqual(await both([cr, guideService]), [
            'loadbalancer-tls: Service "llamastack-service" is a LoadBalancer in front of LlamaStackDistribution "my-llamastack" without TLS ' +
                "(no port named https, appProtocol https or port 443, no spec.tls on the distribution) and without spec.loadBalancerSourceRanges: " +
                "it serves plain HTTP to a public address, so prompts, responses and API keys cross the network in clear text. " +
                'Set tls on the Distribution (spec.tls.secretName, a kubernetes.io/tls Secret), or set loadBalancerSourceRanges to your clients\' CIDRs (e.g. ["10.0.0.0/8"]).',
        ]);
        assert.deepEqual(
            (await validateStack(loadBalancerTls, [cr, guideService])).map((v) => v.urn),
            [urnOf(guideService)],
        );
    });

    it("matches the distribution's pods by app: <name> and spec.podLabels, and Deployments and StatefulSets by their template", async () => {
        assert.equal((await validateStack(loadBalancerTls, [distribution("x", { podLabels: { team: "ml" } }), service("s", { type: "LoadBalancer", selector: { team: "ml", app: "x" } })])).length, 1);
        assert.equal((await validateStack(loadBalancerTls, [distribution("x", { podLabels: { team: "ml" } }), service("s", { type: "LoadBalancer", selector: { team: "search" } })])).length, 0);
        const [onDeployment] = await validateStack(loadBalancerTls, [deployment("api"), lb("api")]);
        assert.match(onDeployment.message, /in front of Deployment "api" without TLS \(no port named https, appProtocol https or port 443\)/);
        assert.match(onDeployment.message, /Serve TLS on a port named https \(or appProtocol https, or port 443\), or set loadBalancerSourceRanges/);
        assert.equal((await validateStack(loadBalancerTls, [deployment("db", undefined, {}, types.statefulSet), lb("db")])).length, 1);
    });

    it("passes TLS on the Service or the distribution, and source ranges", async () => {
        assert.deepEqual(await validateStack(loadBalancerTls, [distribution("x", { tls: { secretName: "x-tls" } }), lb("x")]), []);
        assert.deepEqual(await validateStack(loadBalancerTls, [distribution("x"), lb("x", { ports: [{ name: "https", port: 8443, targetPort: 8321 }] })]), []);
        assert.deepEqual(await validateStack(loadBalancerTls, [distribution("x"), lb("x", { ports: [{ name: "api", port: 8080, appProtocol: "HTTPS" }] })]), []);
        assert.deepEqual(await validateStack(loadBalancerTls, [distribution("x"), lb("x", { ports: [{ port: 8080 }, { port: 443 }] })]), []);
        assert.deepEqual(await validateStack(loadBalancerTls, [distribution("x"), lb("x", { loadBalancerSourceRanges: ["203.0.113.0/24"] })]), []);
        assert.deepEqual(await validateStack(loadBalancerTls, [distribution("x"), lb("x", { type: "ClusterIP" })]), []);
        // An empty secret name is no TLS.
        assert.equal((await validateStack(loadBalancerTls, [distribution("x", { tls: { secretName: "" } }), lb("x")])).length, 1);
    });

    it("names only the distributions without TLS when a Service selects several", async () => {
        const [found] = await validateStack(loadBalancerTls, [
            distribution("a", { podLabels: { tier: "api" } }),
            distribution("b", { podLabels: { tier: "api" }, tls: { secretName: "b-tls" } }),
            service("s", { type: "LoadBalancer", selector: { tier: "api" } }),
        ]);
        assert.match(found.message, /in front of LlamaStackDistribution "a" without TLS/);
    });

    it("never reports what is unknown during preview: the open LoadBalancer is reported as such instead", async () => {
        for (const stack of [
            [distribution("x", { tls: unknownObject }), lb("x")],
            [distribution("x", { tls: { secretName: unknownString } }), lb("x")],
            [distribution("x"), lb("x", { ports: unknownArray })],
            [distribution("x"), lb("x", { ports: [{ port: unknownNumber }] })],
            [distribution("x"), lb("x", { ports: [{ port: 8080, name: unknownString }] })],
            [distribution("x"), lb("x", { selector: unknownObject })],
            [distribution("x", { podLabels: unknownObject }), lb("x")],
            [distribution("x", {}, { namespace: unknownString }), lb("x")],
            [distribution("x"), lb("x", {}, { namespace: unknownString })],
        ]) {
            assert.deepEqual(await validateStack(loadBalancerTls, stack), [], JSON.stringify(stack));
            assert.deepEqual(
                (await validateStack(loadBalancerSourceRanges, stack)).map((v) => v.message),
                [`Service "x-service": ${open}`],
                JSON.stringify(stack),
            );
        }
        assert.deepEqual(await both([distribution("x"), lb("x", { loadBalancerSourceRanges: unknownArray })]), []);
    });
});
