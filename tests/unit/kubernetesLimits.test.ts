// Values Kubernetes would refuse later (or the controller only when it applies the Deployment,
// after a green `pulumi up`), refused by the component with the field and the rule.
import { strict as assert } from "assert";
import { errorOf } from "./mocks";
import { Distribution } from "../../src";

function rejects(name: string, args: any, expected: string): void {
    const error = errorOf(() => new Distribution(name, args));
    assert.equal(error.name, "ValidationError", `${error.name}: ${error.message}`);
    assert.equal(error.message, expected);
}

describe("Distribution: what Kubernetes would refuse later", () => {
    it("a name that cannot name its Service, and a Service name that cannot either", () => {
        rejects("1llama", { image: "i:1" }, 'Distribution "1llama": name "1llama" must start with a letter: the Service is named after the distribution and Service names are DNS-1035 labels; rename it or set service.name');
        rejects("svc", { image: "i:1", service: { name: "9front" } }, 'Distribution "svc": service.name "9front" must start with a letter: Service names are DNS-1035 labels');
        // Without a Service, or with a Service name of its own, a leading digit is fine.
        new Distribution("2nd", { image: "i:1", service: { enabled: false } });
        new Distribution("3rd", { image: "i:1", service: { name: "third" } });
    });

    it("int32 overflows, images with spaces, budgets over 100%", () => {
        rejects("big", { image: "i:1", replicas: 2 ** 31 }, 'Distribution "big": replicas 2147483648 must be at most 2147483647 (an int32)');
        rejects("spaced", { image: "llamastack/distribution ollama:0.2.0" }, 'Distribution "spaced": image "llamastack/distribution ollama:0.2.0" must be an image reference of at most 512 characters without spaces, such as registry/name:tag or name@sha256:digest');
        rejects("budget", { image: "i:1", replicas: 3, disruptionBudget: { minAvailable: "150%" } }, 'Distribution "budget": disruptionBudget.minAvailable "150%" must be a percentage of at most 100%');
    });

    it("source ranges, annotation keys, resource names and toleration keys and values Kubernetes rejects", () => {
        rejects(
            "keys",
            {
                image: "i:1",
                annotations: { "bad key": "x" },
                service: { loadBalancerSourceRanges: ["10.0.0.0/33"], annotations: { "-lead": "x" } },
                resources: { requests: { "my cpu": "1" } },
                tolerations: [{ key: "spot/=bad", operator: "Equal", value: "t r u e", effect: "NoSchedule" }],
            },
            'Distribution "keys": 6 problems:\n' +
                '  - service.loadBalancerSourceRanges[0] "10.0.0.0/33" must be an IPv4 or IPv6 CIDR such as "10.0.0.0/8"\n' +
                "  - annotations key \"bad key\" must be a valid annotation key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.')\n" +
                "  - service.annotations key \"-lead\" must be a valid annotation key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.')\n" +
                '  - resources.requests key "my cpu" must be a resource name such as cpu, memory or nvidia.com/gpu\n' +
                "  - tolerations[0].key \"spot/=bad\" must be a taint key: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.'\n" +
                "  - tolerations[0].value \"t r u e\" must be a taint value: at most 63 letters, digits, '-', '_' or '.', alphanumeric at both ends",
        );
    });

    it("specs and annotations over the API server's size limits", () => {
        // The arguments as JSON: 30 bytes before the value, the value, 3 after.
        const huge = { image: "i:1", env: { BLOB: "x".repeat(1024 * 1024) } };
        assert.equal(JSON.stringify(huge).length, 30 + 1024 * 1024 + 3);
        rejects("huge", huge, 'Distribution "huge": arguments (1048609 bytes) must total at most 1048576 bytes: the custom resource carries them, and etcd stores at most 1.5 MiB per object');
        rejects(
            "noted",
            { image: "i:1", annotations: { note: "x".repeat(256 * 1024) } },
            'Distribution "noted": annotations (262148 bytes) must total at most 262144 bytes, the API server\'s limit on an object\'s annotations',
        );
        // The run configuration is not in the custom resource: up to the ConfigMap's 1 MiB is fine.
        new Distribution("big-config", { image: "i:1", runConfig: "version: '2'\napis: []\nproviders: {}\n# " + "x".repeat(1000 * 1024) });
    });
});
