"""The llamastack quickstart with an HPA, in Python: the same objects as
examples/quickstart-typescript."""
import pulumi
import pulumi_llamastack as llamastack

# Installs the CRD (with its scale subresource, which the HPA needs) and the controller.
# `pulumi config set skipAwait true` on a cluster that runs no pods (the tests' control plane).
operator = llamastack.LlamaStackOperator(
    "llamastack",
    controller={"skip_await": pulumi.Config().get_bool("skipAwait") or False},
)

# The guide's distribution, 2x limits over requests, scaled by an HPA between 2 and 10 replicas
# at 70% CPU (the guide's "Horizontal Pod Autoscaler"); the HPA owns the replica count.
distribution = llamastack.Distribution(
    "my-llamastack",
    image="llamastack/distribution-ollama:0.2.0",
    resources={
        "requests": {"cpu": "1", "memory": "2Gi"},
        "limits": {"cpu": "2", "memory": "4Gi"},
    },
    env={"INFERENCE_MODEL": "meta-llama/Llama-3.2-3B-Instruct"},
    autoscaling={"min_replicas": 2, "max_replicas": 10, "target_cpu_utilization": 70},
    opts=pulumi.ResourceOptions(depends_on=[operator]),
)

pulumi.export("distributionName", distribution.name)
pulumi.export("serviceName", distribution.service_name)
pulumi.export("hpaName", distribution.hpa_name)
pulumi.export("selector", distribution.selector)
