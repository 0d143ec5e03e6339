"""The llamastack quickstart in Python: the LlamaStackDistribution CRD and one distribution,
the same objects as quickstart/index.ts."""
import pulumi
import pulumi_llamastack as llamastack

# Installs the CRD (with its scale subresource) so the guide's kubectl commands work.
operator = llamastack.LlamaStackOperator("llamastack")

# The guide's distribution: two replicas of a pinned image, 2x limits over requests,
# behind a round-robin LoadBalancer Service on port 8080.
distribution = llamastack.Distribution(
    "my-llamastack",
    image="llamastack/distribution-ollama:0.2.0",
    replicas=2,
    resources={
        "requests": {"cpu": "1", "memory": "2Gi"},
        "limits": {"cpu": "2", "memory": "4Gi"},
    },
    env={"INFERENCE_MODEL": "meta-llama/Llama-3.2-3B-Instruct"},
    opts=pulumi.ResourceOptions(depends_on=[operator]),
)

pulumi.export("distributionName", distribution.name)
pulumi.export("namespace", distribution.namespace)
pulumi.export("serviceName", distribution.service_name)
pulumi.export("selector", distribution.selector)
