// Pod security, baseline: the Pod Security Standard's controls against known privilege
// escalations — host namespaces, host paths and ports, privileged containers, added capabilities,
// /proc mounts, unsafe sysctls, SELinux, AppArmor, seccomp Unconfined, Windows HostProcess.
// GPU pods are where these settings get added "to make NCCL work"; every message says what the
// setting gives away and what a GPU workload uses instead. The restricted rule
// (podSecurity.ts) reports what the restricted standard adds on top; together they are restricted.

import { ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, asDict, at, ContainerView, isUnknown, subjectOf, text, Workload, workloadOfArgs } from "./kube";

/**
 * Capabilities the baseline standard lets a container add (kubernetes.io, Pod Security Standards,
 * "Capabilities"): the container runtimes' default set without NET_RAW.
 */
export const baselineCapabilities: ReadonlySet<string> = new Set([
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
]);

/** The sysctls the baseline standard calls safe (namespaced, isolated from other pods), as of Kubernetes 1.32. */
export const safeSysctls: ReadonlySet<string> = new Set([
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
]);

/** SELinux types the baseline standard allows (`""` or unset too). */
export const allowedSeLinuxTypes: ReadonlySet<string> = new Set(["container_t", "container_init_t", "container_kvm_t", "container_engine_t"]);

/** `/proc` mount types the baseline standard allows (unset too). */
const allowedProcMounts = new Set(["Default"]);

/**
 * Why each baseline control matters, said once: what the setting gives away, and what a GPU
 * workload (the usual reason it was added) does instead.
 */
export const baselineWhy = {
    hostNetwork:
        "the pod shares the node's network namespace, so it can bind any node port and reach node-local services; NCCL does not need it: attach the fast network with a device plugin or a secondary interface and select it with NCCL_SOCKET_IFNAME",
    hostPID:
        "the pod sees and can signal every process on the node and read their environments; CUDA and NCCL between the pod's own processes work inside its own PID namespace",
    hostIPC:
        "the pod shares the node's shared memory with every other pod there; for NCCL's shared-memory transport mount an emptyDir with medium: Memory at /dev/shm instead",
    privileged:
        "a privileged container has every device and capability of the node and escapes isolation; the GPU device plugin already hands the pod its GPUs, no privilege needed",
    capabilities:
        "these capabilities let a container escape or reconfigure the node (IPC_LOCK for RDMA memory pinning is better granted by raising the memlock limit in the container runtime); add none but the baseline set",
    hostPath:
        "a hostPath volume exposes a node directory, and a writable one is a path to root on the node; GPU devices and driver libraries come from the device plugin and the NVIDIA container toolkit, model weights from a PersistentVolumeClaim",
    hostPort:
        "a hostPort binds a port on the node itself (one such pod per node, reachable around NetworkPolicies); NCCL listens on the pod's own IP, and clients reach servers through a Service",
    procMount:
        "an Unmasked /proc exposes kernel interfaces the runtime hides; no GPU workload needs it",
    sysctls:
        "these sysctls are not namespaced and change the kernel for every pod on the node; raise shared memory for NCCL with an emptyDir of medium Memory at /dev/shm, and set node-wide tuning on the nodes",
    seLinux:
        "a custom SELinux user, role or type (spc_t is what GPU guides often add) lifts the container's confinement; the device plugin labels the GPU devices so container_t can use them",
    appArmor: "an Unconfined AppArmor profile removes the confinement the runtime applies; GPUs work under the runtime's default profile",
    seccomp: "seccomp Unconfined allows every system call, the kernel's whole attack surface; GPUs work under RuntimeDefault",
    hostProcess: "a Windows HostProcess container runs as a process of the node itself",
} as const;

/** Config of `pod-security-baseline` and `pod-security-restricted`. */
export interface PodSecurityConfig {
    /**
     * Namespaces the rule does not judge: the privileged level's, where node agents such as the GPU
     * device plugin (hostPath, root) must run. @default ["kube-system"]
     */
    exemptNamespaces?: string[];
}

export const defaultExemptNamespaces = ["kube-system"];

/** The config schema both pod security rules share. */
export const podSecurityConfigSchema = {
    properties: {
        exemptNamespaces: {
            type: "array" as const,
            items: { type: "string" as const },
            default: defaultExemptNamespaces,
            description: "Namespaces not judged (the privileged level's, for node agents such as the GPU device plugin).",
        },
    },
};

/** Whether a workload is in a namespace the pod security rules leave alone (or its namespace is unknown). */
export function exempt(workload: Workload, config: PodSecurityConfig): boolean {
    const namespaces = Array.isArray(config.exemptNamespaces) ? config.exemptNamespaces : defaultExemptNamespaces;
    return isUnknown(workload.namespace) ? true : namespaces.includes(workload.namespace);
}

/** One baseline finding: the field, what is set, and why it matters. */
export interface BaselineProblem {
    field: string;
    problem: string;
}

function problem(field: string, what: string, why: string): BaselineProblem {
    return { field, problem: `${what}: ${why}` };
}

/** The pod-level baseline findings (host namespaces, volumes, sysctls, pod security context, annotations). */
export function podBaselineProblems(workload: Workload): BaselineProblem[] {
    const problems: BaselineProblem[] = [];
    const pod = workload.podSpec;
    const field = (name: string): string => `${workload.podField}${workload.podField ? "." : ""}${name}`;
    if (!workload.controllerManaged) {
        for (const name of ["hostNetwork", "hostPID", "hostIPC"] as const) {
            if (at(pod, name) === true) {
                problems.push(problem(field(name), "is true", baselineWhy[name]));
            }
        }
        const volumes = asArray(at(pod, "volumes")) ?? [];
        volumes.forEach((volume, index) => {
            const path = at(volume, "hostPath", "path");
            if (asDict(at(volume, "hostPath")) !== undefined) {
                const name = at(volume, "name");
                problems.push(
                    problem(
                        `${field("volumes")}[${index}]`,
                        `volume ${typeof name === "string" ? `"${name}"` : `#${index}`} is a hostPath${typeof path === "string" ? ` (${path})` : ""}`,
                        baselineWhy.hostPath,
                    ),
                );
            }
        });
    }
    const security = workload.podSecurityContext;
    const securityField = workload.controllerManaged ? "spec.podSecurityContext" : field("securityContext");
    if (!isUnknown(security)) {
        const sysctls = asArray(at(security, "sysctls")) ?? [];
        const unsafe = sysctls.map((s) => at(s, "name")).filter((name): name is string => typeof name === "string" && !safeSysctls.has(name));
        if (unsafe.length > 0) {
            problems.push(problem(`${securityField}.sysctls`, `sets ${unsafe.join(", ")}`, baselineWhy.sysctls));
        }
        problems.push(...securityContextProblems(security, securityField, false));
    }
    const annotations = asDict(workload.podAnnotations) ?? {};
    for (const [name, value] of Object.entries(annotations)) {
        if (name.startsWith("container.apparmor.security.beta.kubernetes.io/") && value === "unconfined") {
            const annotationsField = workload.controllerManaged ? "spec.podAnnotations" : `${workload.podField.replace(/\.spec$/, "")}.metadata.annotations`;
            problems.push(problem(`${annotationsField}["${name}"]`, 'is "unconfined"', baselineWhy.appArmor));
        }
    }
    return problems;
}

/** Findings in one security context (a pod's or a container's) that both levels share. */
function securityContextProblems(context: unknown, field: string, container: boolean): BaselineProblem[] {
    const problems: BaselineProblem[] = [];
    const seLinux = at(context, "seLinuxOptions");
    const type = at(seLinux, "type");
    if (typeof type === "string" && type !== "" && !allowedSeLinuxTypes.has(type)) {
        problems.push(problem(`${field}.seLinuxOptions.type`, `is "${type}"`, baselineWhy.seLinux));
    }
    for (const name of ["user", "role"]) {
        const value = at(seLinux, name);
        if (typeof value === "string" && value !== "") {
            problems.push(problem(`${field}.seLinuxOptions.${name}`, `is set ("${value}")`, baselineWhy.seLinux));
        }
    }
    if (at(context, "appArmorProfile", "type") === "Unconfined") {
        problems.push(problem(`${field}.appArmorProfile.type`, 'is "Unconfined"', baselineWhy.appArmor));
    }
    if (at(context, "seccompProfile", "type") === "Unconfined") {
        problems.push(problem(`${field}.seccompProfile.type`, 'is "Unconfined"', baselineWhy.seccomp));
    }
    if (at(context, "windowsOptions", "hostProcess") === true) {
        problems.push(problem(`${field}.windowsOptions.hostProcess`, "is true", baselineWhy.hostProcess));
    }
    if (container) {
        if (at(context, "privileged") === true) {
            problems.push(problem(`${field}.privileged`, "is true", baselineWhy.privileged));
        }
        const procMount = at(context, "procMount");
        if (typeof procMount === "string" && !allowedProcMounts.has(procMount)) {
            problems.push(problem(`${field}.procMount`, `is "${procMount}"`, baselineWhy.procMount));
        }
        const added = (asArray(at(context, "capabilities", "add")) ?? []).filter((c): c is string => typeof c === "string" && !baselineCapabilities.has(c));
        if (added.length > 0) {
            problems.push(problem(`${field}.capabilities.add`, `adds ${added.join(", ")}`, baselineWhy.capabilities));
        }
    }
    return problems;
}

/** One container's baseline findings (its security context and host ports). */
export function containerBaselineProblems(workload: Workload, container: ContainerView): BaselineProblem[] {
    const problems: BaselineProblem[] = [];
    const field = workload.controllerManaged ? "spec.securityContext" : `${container.field}.securityContext`;
    if (!isUnknown(container.securityContext)) {
        problems.push(...securityContextProblems(container.securityContext, field, true));
    }
    if (!workload.controllerManaged) {
        (asArray(at(container.raw, "ports")) ?? []).forEach((port, index) => {
            const hostPort = at(port, "hostPort");
            if (typeof hostPort === "number" && hostPort !== 0) {
                problems.push(problem(`${container.field}.ports[${index}].hostPort`, `is ${text(hostPort)}`, baselineWhy.hostPort));
            }
        });
    }
    return problems;
}

export const podSecurityBaseline: ResourceValidationPolicy = {
    name: "pod-security-baseline",
    description:
        "Pods stay within the baseline Pod Security Standard: no host namespaces, hostPath volumes or host ports, no privileged containers or capabilities beyond the baseline set, no Unmasked /proc, unsafe sysctls, custom SELinux options, or Unconfined AppArmor or seccomp.",
    enforcementLevel: "advisory",
    configSchema: podSecurityConfigSchema,
    validateResource: (args, reportViolation) => {
        const workload = workloadOfArgs(args);
        if (workload === undefined || isUnknown(workload.podSpec) || exempt(workload, args.getConfig<PodSecurityConfig>())) {
            return;
        }
        for (const found of podBaselineProblems(workload)) {
            reportViolation(`${workload.subject}: ${found.field} ${found.problem}.`);
        }
        if (isUnknown(workload.containers)) {
            return;
        }
        for (const container of workload.containers) {
            for (const found of containerBaselineProblems(workload, container)) {
                reportViolation(`${subjectOf(workload, container)}: ${found.field} ${found.problem}.`);
            }
        }
    },
};
