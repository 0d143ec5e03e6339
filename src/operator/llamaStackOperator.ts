import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { skipAwaitAnnotation } from "../core/skipAwait";
import { Controller, ResolvedControllerArgs, LlamaStackOperatorArgs } from "./args";
import { buildControllerClusterRules, buildControllerDeploymentSpec, buildControllerLeaseRules, checkControllerArgs, controllerCodeName, controllerLabels, controllerName, loadControllerBundle, sha256 } from "./controllerDeployment";
import { crdApiVersion, crdKind, loadCrdDocument, withPodOverrides } from "../core/crd";
import { buildCrdGuardBindingSpec, buildCrdGuardPolicySpec, crdGuardName } from "./crdGuard";
import { defaultControllerNamespace } from "./defaults";
import { checkCertManagerInstall, newCertManager } from "./certManager";
import { buildServedRole, buildServedRoleBinding, checkServedNamespaces } from "./servedNamespaces";
import { componentLabel, Problems, validated } from "../core/validation";

/**
 * Installs what makes `LlamaStackDistribution` objects work in a cluster: the CRD, with its
 * `scale` subresource for `kubectl scale`, HPAs and VPAs, and CEL validation of resources; and
 * the controller that turns each distribution into a Deployment, with least-privilege RBAC: Roles
 * in the namespaces it serves when `controller.namespaces` is given, else a ClusterRole.
 */
export class LlamaStackOperator extends pulumi.ComponentResource {
    /** Name of the CRD, `llamastackdistributions.llamastack.io`. */
    public readonly crdName: pulumi.Output<string>;
    /** `apiVersion` of the custom resources, `llamastack.io/v1alpha1`. */
    public readonly apiVersion: pulumi.Output<string>;
    /** `kind` of the custom resources, `LlamaStackDistribution`. */
    public readonly kind: pulumi.Output<string>;
    /** Namespace the controller runs in; empty when the controller is disabled. */
    public readonly controllerNamespace: pulumi.Output<string>;

    constructor(name: string, args: LlamaStackOperatorArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("llamastack:index:LlamaStackOperator", name, {}, opts);
        const controllerArgs = args.controller ?? {};
        const enabled = controllerArgs.enabled ?? true;
        // Reject bad input, and a package built without its controller, before any child exists.
        const resolved = validated(controllerArgs, (a) => {
            const problems = new Problems(componentLabel("LlamaStackOperator", name));
            checkControllerArgs(problems, a as ResolvedControllerArgs);
            problems.throwIfAny();
        });
        // Plain data (the Roles are made from the namespaces): checked at once, before any child
        // exists, even when other controller arguments are not known yet.
        const plainProblems = new Problems(componentLabel("LlamaStackOperator", name));
        checkCertManagerInstall(plainProblems, args.certManager);
        checkServedNamespaces(plainProblems, controllerArgs.namespaces);
        plainProblems.throwIfAny();
        const bundle = enabled ? loadControllerBundle() : "";

        // Plain data, not an Input: the CRD's schema depends on it.
        const document = controllerArgs.allowPodOverrides === true ? withPodOverrides(loadCrdDocument()) : loadCrdDocument();
        let crdName: pulumi.Output<string> = pulumi.output(document.metadata.name as string);
        let crd: k8s.apiextensions.v1.CustomResourceDefinition | undefined;
        if (args.installCrd ?? true) {
            // Deleting it would delete every distribution in the cluster.
            const retainOnDelete = !(args.deleteCrdOnDestroy ?? false);
            // The guard that stops this CRD and the upstream operator's (same name, other schema)
            // from replacing each other even when forced (kubectl --force-conflicts, patchForce,
            // their operator's own apply). The binding first, then the policy, which `pulumi up`
            // waits for the API server to have processed.
            const guardLabels = { "app.kubernetes.io/name": "llamastack-operator", "app.kubernetes.io/part-of": "llamastack" };
            const guardBinding = new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(
                `${name}-crd-guard`,
                {
                    // Ours by name, and retained past the stack that made it: the next stack takes it over.
                    metadata: { name: crdGuardName, labels: guardLabels, annotations: { "pulumi.com/patchForce": "true" } },
                    spec: buildCrdGuardBindingSpec() as k8s.types.input.admissionregistration.v1.ValidatingAdmissionPolicyBindingSpec,
                },
                { parent: this, retainOnDelete },
            );
            const guard = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(
                `${name}-crd-guard`,
                {
                    metadata: {
                        name: crdGuardName,
                        labels: guardLabels,
                        annotations: { "pulumi.com/waitFor": "jsonpath={.status.observedGeneration}", "pulumi.com/patchForce": "true" },
                    },
                    spec: buildCrdGuardPolicySpec() as k8s.types.input.admissionregistration.v1.ValidatingAdmissionPolicySpec,
                },
                { parent: this, retainOnDelete, dependsOn: [guardBinding] },
            );
            crd = new k8s.apiextensions.v1.CustomResourceDefinition(
                `${name}-crd`,
                // Never forced (pulumi.com/patchForce): another operator's CRD of this name then stops
                // the apply with a field conflict, whatever the guard's state. The guard takes effect
                // up to a second or so after it is created (measured), too late to stand alone.
                { metadata: document.metadata, spec: document.spec },
                { parent: this, retainOnDelete, dependsOn: [guard] },
            );
            crdName = crd.metadata.name;
        }

        if (args.certManager !== undefined) {
            newCertManager(name, args.certManager, { parent: this });
        }

        let controllerNamespace: pulumi.Output<string> = pulumi.output("");
        if (enabled) {
            controllerNamespace = this.deployController(name, controllerArgs, resolved, bundle, crd);
        }

        this.crdName = crdName;
        this.apiVersion = pulumi.output(crdApiVersion);
        this.kind = pulumi.output(crdKind);
        this.controllerNamespace = controllerNamespace;
        this.registerOutputs({ crdName: this.crdName, apiVersion: this.apiVersion, kind: this.kind, controllerNamespace: this.controllerNamespace });
    }

    private deployController(
        name: string,
        args: Controller,
        resolved: pulumi.Output<ResolvedControllerArgs>,
        bundle: string,
        crd: k8s.apiextensions.v1.CustomResourceDefinition | undefined,
    ): pulumi.Output<string> {
        const labels = controllerLabels();
        let namespace: pulumi.Output<string> = pulumi.output(args.namespace ?? defaultControllerNamespace);
        if (args.createNamespace ?? true) {
            const ns = new k8s.core.v1.Namespace(
                `${name}-namespace`,
                {
                    metadata: {
                        name: namespace,
                        labels: { ...labels, "pod-security.kubernetes.io/enforce": "restricted" },
                    },
                },
                { parent: this },
            );
            namespace = ns.metadata.name;
        }
        const metadata = { name: controllerName, namespace, labels };
        const serviceAccount = new k8s.core.v1.ServiceAccount(`${name}-controller`, { metadata }, { parent: this });
        // What it reconciles with: in each served namespace, or cluster-wide when none are given.
        // Plain data (the schema makes `namespaces` plain), so the Roles are known at preview.
        const reconcileBindings: pulumi.Resource[] = [];
        if (args.namespaces !== undefined) {
            for (const served of args.namespaces) {
                const role = new k8s.rbac.v1.Role(`${name}-controller-ns-${served}`, buildServedRole(served), { parent: this });
                reconcileBindings.push(
                    new k8s.rbac.v1.RoleBinding(`${name}-controller-ns-${served}`, buildServedRoleBinding(served, namespace), { parent: this, dependsOn: [role, serviceAccount] }),
                );
            }
        } else {
            const clusterRole = new k8s.rbac.v1.ClusterRole(
                `${name}-controller`,
                { metadata: { name: controllerName, labels }, rules: buildControllerClusterRules() },
                { parent: this },
            );
            reconcileBindings.push(
                new k8s.rbac.v1.ClusterRoleBinding(
                    `${name}-controller`,
                    {
                        metadata: { name: controllerName, labels },
                        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: clusterRole.metadata.name },
                        subjects: [{ kind: "ServiceAccount", name: serviceAccount.metadata.name, namespace }],
                    },
                    { parent: this },
                ),
            );
        }
        const leaseRole = new k8s.rbac.v1.Role(`${name}-controller-lease`, { metadata, rules: buildControllerLeaseRules() }, { parent: this });
        const leaseRoleBinding = new k8s.rbac.v1.RoleBinding(
            `${name}-controller-lease`,
            {
                metadata,
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: leaseRole.metadata.name },
                subjects: [{ kind: "ServiceAccount", name: serviceAccount.metadata.name, namespace }],
            },
            { parent: this },
        );
        const hash = sha256(bundle);
        // Immutable and named after its hash: nobody can change the code a running controller
        // loads by editing the ConfigMap, and new code is a new ConfigMap that rolls the pods.
        const code = new k8s.core.v1.ConfigMap(
            `${name}-controller-code`,
            { metadata: { ...metadata, name: controllerCodeName(hash) }, immutable: true, data: { "controller.js": bundle } },
            { parent: this },
        );
        new k8s.apps.v1.Deployment(
            `${name}-controller`,
            {
                metadata: {
                    ...metadata,
                    annotations: resolved.apply((a): Record<string, string> => (a.skipAwait ? { [skipAwaitAnnotation]: "true" } : {})),
                },
                spec: resolved.apply((a) => buildControllerDeploymentSpec(a, hash)),
            },
            { parent: this, dependsOn: [code, ...reconcileBindings, leaseRoleBinding, ...(crd ? [crd] : [])] },
        );
        return namespace;
    }
}
