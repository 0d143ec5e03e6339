// Pulumi components that run and scale LlamaStack distributions on Kubernetes: the CRD and its controller, autoscaling, GPU and spot capacity, blue-green and canary rollouts.
package llamastack
