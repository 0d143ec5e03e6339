import { strict as assert } from "assert";
import { podSecurityRestricted } from "../../policy/podSecurity";
import { container, deployment, distribution, pod, restrictedContainer } from "./fixtures";
import { unknownArray, unknownObject, unknownString, validate } from "./harness";

describe("policy pod-security-restricted", () => {
    it("passes a distribution without overrides: the controller applies restricted defaults", async () => {
        assert.deepEqual(await validate(podSecurityRestricted, distribution("x")), []);
        assert.deepEqual(await validate(podSecurityRestricted, distribution("x", { securityContext: { readOnlyRootFilesystem: false }, podSecurityContext: { runAsUser: 1000 } })), []);
    });

    it("judges a distribution by its overrides", async () => {
        const cr = distribution("x", { podSecurityContext: { runAsNonRoot: false }, securityContext: { allowPrivilegeEscalation: true, capabilities: { add: ["SYS_ADMIN"] } } });
        assert.deepEqual(await validate(podSecurityRestricted, cr), [
            'LlamaStackDistribution "x" (spec.securityContext / spec.podSecurityContext): may run as root: set spec.securityContext.runAsNonRoot (or spec.podSecurityContext.runAsNonRoot) to true; ' +
                "may escalate privileges: set spec.securityContext.allowPrivilegeEscalation to false; " +
                'keeps Linux capabilities: set securityContext.capabilities.drop to ["ALL"].',
        ]);
        const root = distribution("x", { podSecurityContext: { runAsUser: 0, seccompProfile: { type: "Unconfined" } } });
        // Unconfined seccomp and SYS_ADMIN are pod-security-baseline's findings (podSecurityBaseline.test.ts).
        assert.deepEqual(await validate(podSecurityRestricted, root), [
            'LlamaStackDistribution "x" (spec.securityContext / spec.podSecurityContext): runs as root (runAsUser 0 in the spec.podSecurityContext security context): set spec.securityContext.runAsUser (or spec.podSecurityContext.runAsUser) to a non-zero user.',
        ]);
    });

    it("flags plain workloads without a security context, init containers included", async () => {
        const bare = deployment("d", { initContainers: [container("init", { securityContext: undefined })], containers: [container("app")] });
        assert.deepEqual(await validate(podSecurityRestricted, bare), [
            'Deployment "d", init container "init" (spec.template.spec.initContainers[0].securityContext): may run as root: set securityContext.runAsNonRoot to true; ' +
                'may escalate privileges: set securityContext.allowPrivilegeEscalation to false; keeps Linux capabilities: set securityContext.capabilities.drop to ["ALL"]; ' +
                "has no seccomp profile: set securityContext.seccompProfile to { type: RuntimeDefault }.",
        ]);
    });

    it("accepts pod-level settings, and flags capabilities of the baseline set beyond NET_BIND_SERVICE", async () => {
        const podLevel = pod("p", {
            securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
            containers: [container("app", { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } } })],
        });
        assert.deepEqual(await validate(podSecurityRestricted, podLevel), []);
        const chown = pod("p", { containers: [container("app", { securityContext: { ...restrictedContainer, capabilities: { drop: ["ALL"], add: ["CHOWN", "SYS_ADMIN"] } } })] });
        assert.deepEqual(await validate(podSecurityRestricted, chown), ['Pod "p", container "app" (spec.containers[0].securityContext): adds capabilities CHOWN: add none but NET_BIND_SERVICE.']);
    });

    it("says what is missing when a non-zero runAsUser is set without runAsNonRoot", async () => {
        const user = pod("p", { securityContext: { runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } }, containers: [container("app", { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } })] });
        assert.deepEqual(await validate(podSecurityRestricted, user), [
            'Pod "p", container "app" (spec.containers[0].securityContext): runs as user 1000 but runAsNonRoot is unset: set securityContext.runAsNonRoot to true as well, so the kubelet refuses to start it as root if the user is ever dropped or overridden.',
        ]);
        const explicitFalse = distribution("x", { podSecurityContext: { runAsUser: 1001, runAsNonRoot: false } });
        assert.deepEqual(await validate(podSecurityRestricted, explicitFalse), [
            'LlamaStackDistribution "x" (spec.securityContext / spec.podSecurityContext): runs as user 1001 but runAsNonRoot is false: set spec.securityContext.runAsNonRoot (or spec.podSecurityContext.runAsNonRoot) to true as well, so the kubelet refuses to start it as root if the user is ever dropped or overridden.',
        ]);
    });

    it("flags runAsUser 0 at the pod level even when the container overrides it", async () => {
        const overridden = pod("p", {
            securityContext: { runAsUser: 0, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
            containers: [container("app", { securityContext: { ...restrictedContainer, runAsUser: 1000 } })],
        });
        assert.deepEqual(await validate(podSecurityRestricted, overridden), [
            'Pod "p", container "app" (spec.containers[0].securityContext): runs as root (runAsUser 0 in the pod security context): set securityContext.runAsUser to a non-zero user.',
        ]);
    });

    it("allows only restricted's volume types (hostPath is baseline's)", async () => {
        const volumes = [
            { name: "weights", persistentVolumeClaim: { claimName: "weights" } },
            { name: "shm", emptyDir: { medium: "Memory" } },
            { name: "config", configMap: { name: "run-config" } },
            { name: "token", projected: { sources: [] } },
            { name: "models", nfs: { server: "nfs.internal", path: "/models" } },
            { name: "host", hostPath: { path: "/dev" } },
        ];
        const d = deployment("d", { securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } }, containers: [container("app")], volumes });
        assert.deepEqual(await validate(podSecurityRestricted, d), [
            'Deployment "d": spec.template.spec.volumes "models" (nfs) is a type the restricted standard does not allow (only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret): ' +
                "mount storage through a PersistentVolumeClaim (an NFS or cloud disk becomes a PersistentVolume), so the cluster admin controls the driver.",
        ]);
    });

    it("skips unknown security settings", async () => {
        assert.deepEqual(await validate(podSecurityRestricted, distribution("x", { securityContext: unknownObject })), []);
        assert.deepEqual(await validate(podSecurityRestricted, distribution("x", { podSecurityContext: unknownObject })), []);
        const partlyUnknown = pod("p", { containers: [container("app", { securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: unknownArray }, seccompProfile: { type: unknownString } } })] });
        assert.deepEqual(await validate(podSecurityRestricted, partlyUnknown), []);
    });
});
