import { strict as assert } from "assert";
import { baselineWhy, podSecurityBaseline } from "../../policy/podSecurityBaseline";
import { podSecurityRestricted } from "../../policy/podSecurity";
import { container, deployment, distribution, pod, restrictedContainer } from "./fixtures";
import { unknownArray, unknownObject, unknownString, validate } from "./harness";

const restrictedPod = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };
const gpuResources = { requests: { cpu: "4", memory: "32Gi", "nvidia.com/gpu": "8" }, limits: { cpu: "8", memory: "64Gi", "nvidia.com/gpu": "8" } };

/** A realistic multi-GPU training pod, written the restricted way: shared memory from an emptyDir, weights from a claim. */
function goodGpuPod(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        securityContext: { ...restrictedPod, runAsUser: 1000, fsGroup: 1000, sysctls: [{ name: "net.ipv4.tcp_keepalive_time", value: "60" }], seLinuxOptions: { type: "container_t", level: "s0:c123,c456" } },
        containers: [container("trainer", { resources: gpuResources, ports: [{ containerPort: 29500, name: "nccl" }], securityContext: { ...restrictedContainer, appArmorProfile: { type: "RuntimeDefault" } } })],
        volumes: [
            { name: "shm", emptyDir: { medium: "Memory", sizeLimit: "16Gi" } },
            { name: "weights", persistentVolumeClaim: { claimName: "weights", readOnly: true } },
        ],
        ...extra,
    };
}

describe("policy pod-security-baseline", () => {
    it("passes a restricted GPU pod, a distribution without overrides, and restricted passes them too", async () => {
        for (const resource of [deployment("trainer", goodGpuPod()), distribution("x"), pod("p", goodGpuPod())]) {
            assert.deepEqual(await validate(podSecurityBaseline, resource), [], resource.type);
            assert.deepEqual(await validate(podSecurityRestricted, resource), [], resource.type);
        }
    });

    it("flags host namespaces, saying why a GPU pod does not need them", async () => {
        const d = deployment("nccl", goodGpuPod({ hostNetwork: true, hostPID: true, hostIPC: true }));
        assert.deepEqual(await validate(podSecurityBaseline, d), [
            `Deployment "nccl": spec.template.spec.hostNetwork is true: ${baselineWhy.hostNetwork}.`,
            `Deployment "nccl": spec.template.spec.hostPID is true: ${baselineWhy.hostPID}.`,
            `Deployment "nccl": spec.template.spec.hostIPC is true: ${baselineWhy.hostIPC}.`,
        ]);
        assert.ok(baselineWhy.hostIPC.includes("emptyDir with medium: Memory at /dev/shm"));
        assert.ok(baselineWhy.hostNetwork.includes("NCCL"));
        assert.deepEqual(await validate(podSecurityBaseline, deployment("ok", goodGpuPod({ hostNetwork: false }))), []);
    });

    it("flags hostPath volumes and host ports", async () => {
        const p = pod("p", goodGpuPod({ volumes: [{ name: "dev", hostPath: { path: "/dev/infiniband" } }, { name: "shm", emptyDir: {} }] }));
        (((p.props.spec as Record<string, unknown>).containers as Record<string, unknown>[])[0]).ports = [{ containerPort: 8000 }, { containerPort: 29500, hostPort: 29500 }];
        assert.deepEqual(await validate(podSecurityBaseline, p), [
            `Pod "p": spec.volumes[0] volume "dev" is a hostPath (/dev/infiniband): ${baselineWhy.hostPath}.`,
            `Pod "p", container "trainer": spec.containers[0].ports[1].hostPort is 29500: ${baselineWhy.hostPort}.`,
        ]);
    });

    it("flags privileged containers, capabilities beyond baseline, Unmasked /proc, and unsafe sysctls", async () => {
        const p = pod("p", {
            securityContext: { ...restrictedPod, sysctls: [{ name: "kernel.shm_rmid_forced", value: "1" }, { name: "kernel.shmmax", value: "68719476736" }, { name: "net.core.somaxconn", value: "1024" }] },
            containers: [container("app", { securityContext: { ...restrictedContainer, privileged: true, procMount: "Unmasked", capabilities: { drop: ["ALL"], add: ["IPC_LOCK", "CHOWN", "SYS_ADMIN"] } } })],
        });
        assert.deepEqual(await validate(podSecurityBaseline, p), [
            `Pod "p": spec.securityContext.sysctls sets kernel.shmmax, net.core.somaxconn: ${baselineWhy.sysctls}.`,
            `Pod "p", container "app": spec.containers[0].securityContext.privileged is true: ${baselineWhy.privileged}.`,
            `Pod "p", container "app": spec.containers[0].securityContext.procMount is "Unmasked": ${baselineWhy.procMount}.`,
            `Pod "p", container "app": spec.containers[0].securityContext.capabilities.add adds IPC_LOCK, SYS_ADMIN: ${baselineWhy.capabilities}.`,
        ]);
    });

    it("flags SELinux user, role and types outside the container types, AppArmor and seccomp Unconfined, and HostProcess", async () => {
        const p = pod("p", {
            securityContext: { ...restrictedPod, seLinuxOptions: { type: "spc_t", user: "system_u", role: "system_r" }, windowsOptions: { hostProcess: true } },
            containers: [container("app", { securityContext: { ...restrictedContainer, appArmorProfile: { type: "Unconfined" }, seccompProfile: { type: "Unconfined" } } })],
        });
        assert.deepEqual(await validate(podSecurityBaseline, p), [
            `Pod "p": spec.securityContext.seLinuxOptions.type is "spc_t": ${baselineWhy.seLinux}.`,
            `Pod "p": spec.securityContext.seLinuxOptions.user is set ("system_u"): ${baselineWhy.seLinux}.`,
            `Pod "p": spec.securityContext.seLinuxOptions.role is set ("system_r"): ${baselineWhy.seLinux}.`,
            `Pod "p": spec.securityContext.windowsOptions.hostProcess is true: ${baselineWhy.hostProcess}.`,
            `Pod "p", container "app": spec.containers[0].securityContext.appArmorProfile.type is "Unconfined": ${baselineWhy.appArmor}.`,
            `Pod "p", container "app": spec.containers[0].securityContext.seccompProfile.type is "Unconfined": ${baselineWhy.seccomp}.`,
        ]);
        const annotated = deployment("d", { securityContext: restrictedPod, containers: [container("app")] });
        ((annotated.props.spec as Record<string, Record<string, Record<string, unknown>>>).template.metadata).annotations = {
            "container.apparmor.security.beta.kubernetes.io/app": "unconfined",
        };
        assert.deepEqual(await validate(podSecurityBaseline, annotated), [
            `Deployment "d": spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"] is "unconfined": ${baselineWhy.appArmor}.`,
        ]);
    });

    it("judges a distribution by its security overrides and pod annotations (its CRD has no host fields)", async () => {
        const cr = distribution("x", {
            podSecurityContext: { sysctls: [{ name: "kernel.msgmax", value: "65536" }] },
            securityContext: { privileged: true },
            podAnnotations: { "container.apparmor.security.beta.kubernetes.io/llamastack": "unconfined" },
        });
        assert.deepEqual(await validate(podSecurityBaseline, cr), [
            `LlamaStackDistribution "x": spec.podSecurityContext.sysctls sets kernel.msgmax: ${baselineWhy.sysctls}.`,
            `LlamaStackDistribution "x": spec.podAnnotations["container.apparmor.security.beta.kubernetes.io/llamastack"] is "unconfined": ${baselineWhy.appArmor}.`,
            `LlamaStackDistribution "x": spec.securityContext.privileged is true: ${baselineWhy.privileged}.`,
        ]);
    });

    it("leaves the exempt namespaces alone (kube-system by default, where the GPU device plugin runs)", async () => {
        const plugin = pod("nvidia-device-plugin", {
            securityContext: { seccompProfile: { type: "RuntimeDefault" } },
            containers: [container("plugin", { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } })],
            volumes: [{ name: "device-plugin", hostPath: { path: "/var/lib/kubelet/device-plugins", type: "Directory" } }],
        });
        (plugin.props.metadata as Record<string, unknown>).namespace = "kube-system";
        assert.deepEqual(await validate(podSecurityBaseline, plugin), []);
        assert.deepEqual(await validate(podSecurityRestricted, plugin), []);
        assert.equal((await validate(podSecurityBaseline, plugin, { exemptNamespaces: [] })).length, 1);
        assert.equal((await validate(podSecurityRestricted, plugin, { exemptNamespaces: ["gpu-operator"] })).length, 1);
    });

    it("never reports what is unknown during preview", async () => {
        const unknowns = pod("p", {
            hostNetwork: unknownString,
            securityContext: { ...restrictedPod, sysctls: [{ name: unknownString, value: "1" }], seLinuxOptions: unknownObject },
            containers: [container("app", { ports: [{ containerPort: 80, hostPort: unknownString }], securityContext: { ...restrictedContainer, privileged: unknownString, capabilities: { drop: ["ALL"], add: [unknownString] } } })],
            volumes: unknownArray,
        });
        assert.deepEqual(await validate(podSecurityBaseline, unknowns), []);
        assert.deepEqual(await validate(podSecurityRestricted, unknowns), []);
        assert.deepEqual(await validate(podSecurityBaseline, { ...pod("p", {}), props: { metadata: { name: "p" }, spec: unknownObject } }), []);
    });
});
