// The stack as stack policies see it: every Kubernetes resource read once into plain data, the
// objects autoscalers point at, and the replica changes that CronJobs schedule.

import { PolicyResource } from "@pulumi/policy";
import {
    asArray,
    asDict,
    asString,
    at,
    describe,
    groupOf,
    hasUnknown,
    isDistribution,
    isHpa,
    isNodePool,
    isPdb,
    isService,
    isUnknown,
    isVpa,
    KubeType,
    kubeType,
    namespaceOf,
    own,
    plain,
    stringLabels,
    Unknown,
    Workload,
    workloadOf,
} from "./kube";

/** A Kubernetes object of the stack, read into plain data. */
export interface StackObject {
    type: KubeType;
    urn: string;
    props: unknown;
    /** `HorizontalPodAutoscaler "llamastack-hpa"`, for messages. */
    subject: string;
    name: string | undefined;
    namespace: string | Unknown;
    /** The pods it runs, for workload kinds and distributions. */
    workload?: Workload;
    /** Whether its name or namespace is unknown during preview (a reference to it cannot be checked). */
    identityUnknown: boolean;
}

/** What an autoscaler or a kubectl command points at. */
export interface ObjectRef {
    group: string;
    kind: string;
    name: string;
    namespace: string;
}

export function showRef(ref: ObjectRef): string {
    return `${ref.kind} "${ref.name}"${ref.namespace === "default" ? "" : ` in namespace "${ref.namespace}"`}`;
}

/** Whether an object of the stack is the one a reference names. */
export function isRef(object: StackObject, ref: ObjectRef): boolean {
    return object.type.group === ref.group && object.type.kind === ref.kind && object.name === ref.name && object.namespace === ref.namespace;
}

export class Stack {
    readonly objects: StackObject[];
    // Kinds, references and PDB selectors indexed once: stack policies ask per workload, and a
    // scan of the whole stack per question made them quadratic (BENCHMARKS.md, policy pack).
    private readonly byRef = new Map<string, StackObject>();
    private readonly hpasByTarget = new Map<string, StackObject[]>();
    private readonly pdbsByLabel = new Map<string, StackObject[]>();
    private readonly pdbsOfAnyLabels: StackObject[] = [];
    // Workloads by pod label, for the rules that ask which workloads a selector may select.
    private readonly workloadsByLabel = new Map<string, (StackObject & { workload: Workload })[]>();
    private readonly workloadsOfUnknownPods: (StackObject & { workload: Workload })[] = [];
    private readonly workloadIndex = new Map<StackObject, number>();
    // What unknown values during preview may hide: HPA targets, and objects' names.
    private readonly hpasOfUnknownTarget: StackObject[] = [];
    private readonly kindsOfUnknownIdentity = new Set<string>();
    readonly hpas: StackObject[];
    readonly vpas: StackObject[];
    readonly pdbs: StackObject[];
    readonly nodePools: StackObject[];
    readonly services: StackObject[];
    readonly workloads: (StackObject & { workload: Workload })[];

    constructor(resources: PolicyResource[]) {
        this.objects = [];
        for (const resource of resources) {
            const type = kubeType(resource.type);
            if (type === undefined) {
                continue;
            }
            const props = plain(resource.props);
            const name = at(props, "metadata", "name");
            this.objects.push({
                type,
                urn: resource.urn,
                props,
                subject: describe(type.kind, props, resource.name),
                name: typeof name === "string" ? name : undefined,
                namespace: namespaceOf(props),
                workload: workloadOf(resource.type, props, resource.name),
                identityUnknown: isUnknown(name) || isUnknown(at(props, "metadata")) || isUnknown(namespaceOf(props)),
            });
        }
        this.hpas = this.objects.filter((o) => isHpa(o.type));
        this.vpas = this.objects.filter((o) => isVpa(o.type));
        this.pdbs = this.objects.filter((o) => isPdb(o.type));
        this.nodePools = this.objects.filter((o) => isNodePool(o.type));
        this.services = this.objects.filter((o) => isService(o.type));
        this.workloads = this.objects.filter((o): o is StackObject & { workload: Workload } => o.workload !== undefined);
        for (const o of this.objects) {
            if (typeof o.name === "string" && !isUnknown(o.namespace)) {
                const key = refKey({ group: o.type.group, kind: o.type.kind, name: o.name, namespace: o.namespace });
                if (!this.byRef.has(key)) {
                    this.byRef.set(key, o);
                }
            }
        }
        for (const hpa of this.hpas) {
            const ref = targetOf(hpa);
            if (ref !== undefined) {
                push(this.hpasByTarget, refKey(ref), hpa);
            } else {
                const spec = at(hpa.props, "spec");
                if (isUnknown(spec) || hasUnknown(at(spec, "scaleTargetRef")) || isUnknown(hpa.namespace)) {
                    this.hpasOfUnknownTarget.push(hpa);
                }
            }
        }
        for (const o of this.objects) {
            if (o.identityUnknown) {
                this.kindsOfUnknownIdentity.add(`${o.type.group}/${o.type.kind}`);
            }
        }
        this.workloads.forEach((o, index) => {
            this.workloadIndex.set(o, index);
            const labels = stringLabels(o.workload.podLabels);
            if (labels === undefined || isUnknown(o.namespace)) {
                this.workloadsOfUnknownPods.push(o);
                return;
            }
            for (const [name, value] of Object.entries(labels)) {
                push(this.workloadsByLabel, `${name}=${value}`, o);
            }
        });
        for (const pdb of this.pdbs) {
            // A selector with matchLabels can only select pods that carry its first label.
            const selector = at(pdb.props, "spec", "selector");
            const first = hasUnknown(selector) ? undefined : Object.entries(asDict(at(selector, "matchLabels")) ?? {})[0];
            if (first !== undefined && typeof first[1] === "string") {
                push(this.pdbsByLabel, `${first[0]}=${first[1]}`, pdb);
            } else {
                this.pdbsOfAnyLabels.push(pdb);
            }
        }
    }

    /** Whether an object of the stack of this group and kind has a name or namespace unknown during preview, so it may be the one a reference names. */
    mayBeUnknown(ref: ObjectRef): boolean {
        return this.kindsOfUnknownIdentity.has(`${ref.group}/${ref.kind}`);
    }

    /** The object of the stack a reference names, if it is in the stack. */
    find(ref: ObjectRef): StackObject | undefined {
        return this.byRef.get(refKey(ref));
    }

    /**
     * Whether an HPA whose target is unknown during preview may scale an object: then what the
     * object's own replicas say is not the last word, and rules about its replica count wait.
     */
    mayBeScaledByUnknown(object: StackObject): boolean {
        return this.hpasOfUnknownTarget.some((hpa) => isUnknown(hpa.namespace) || isUnknown(object.namespace) || hpa.namespace === object.namespace);
    }

    /**
     * The workloads whose pods a selector (`matchLabels` map or label selector) may select, in stack
     * order: a superset (check with `selects`); workloads whose labels or namespace are unknown are
     * always included.
     */
    workloadsThatMaySelect(matchLabels: unknown): (StackObject & { workload: Workload })[] {
        const first = hasUnknown(matchLabels) ? undefined : Object.entries(asDict(matchLabels) ?? {})[0];
        if (first === undefined || typeof first[1] !== "string") {
            return this.workloads;
        }
        const found = [...(this.workloadsByLabel.get(`${first[0]}=${first[1]}`) ?? []), ...this.workloadsOfUnknownPods];
        return found.sort((a, b) => this.workloadIndex.get(a)! - this.workloadIndex.get(b)!);
    }

    /**
     * The workloads whose pods a Service's `spec.selector` selects, in its namespace, in stack order.
     * Values unknown during preview (the selector, a namespace, a workload's pod labels) select
     * nothing, so that no rule reports on a guess. A Service without a selector selects no workload.
     */
    workloadsBehind(service: StackObject): (StackObject & { workload: Workload })[] {
        const selector = at(service.props, "spec", "selector");
        if (isUnknown(service.namespace) || hasUnknown(selector)) {
            return [];
        }
        const wanted = Object.entries(asDict(selector) ?? {});
        if (wanted.length === 0) {
            return [];
        }
        return this.workloadsThatMaySelect(selector).filter((object) => {
            const labels = stringLabels(object.workload.podLabels);
            return labels !== undefined && !isUnknown(object.namespace) && object.namespace === service.namespace && wanted.every(([name, value]) => own(labels, name) === value);
        });
    }

    /** The HorizontalPodAutoscalers that scale an object. */
    hpasOf(object: StackObject): StackObject[] {
        if (typeof object.name !== "string" || isUnknown(object.namespace)) {
            return [];
        }
        return this.hpasByTarget.get(refKey({ group: object.type.group, kind: object.type.kind, name: object.name, namespace: object.namespace })) ?? [];
    }

    /** The PodDisruptionBudgets that may select pods with these labels (a superset; check with `selects`), in stack order. */
    pdbsThatMaySelect(labels: Record<string, string>): StackObject[] {
        const found = new Set(this.pdbsOfAnyLabels);
        for (const [name, value] of Object.entries(labels)) {
            for (const pdb of this.pdbsByLabel.get(`${name}=${value}`) ?? []) {
                found.add(pdb);
            }
        }
        return this.pdbs.filter((pdb) => found.has(pdb));
    }
}

function refKey(ref: ObjectRef): string {
    return JSON.stringify([ref.group, ref.kind, ref.namespace, ref.name]);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list === undefined) {
        map.set(key, [value]);
    } else {
        list.push(value);
    }
}

/** The object an HPA (`spec.scaleTargetRef`) or a VPA (`spec.targetRef`) acts on, when known. */
export function targetOf(autoscaler: StackObject): ObjectRef | undefined {
    const ref = at(autoscaler.props, "spec", isVpa(autoscaler.type) ? "targetRef" : "scaleTargetRef");
    const apiVersion = at(ref, "apiVersion");
    const kind = at(ref, "kind");
    const name = at(ref, "name");
    if (typeof kind !== "string" || typeof name !== "string" || isUnknown(autoscaler.namespace) || isUnknown(apiVersion)) {
        return undefined;
    }
    return { group: groupOf(asString(apiVersion) ?? ""), kind, name, namespace: autoscaler.namespace };
}

/**
 * Whether Pulumi sets `spec.replicas` of an object. Stack policies see a resource's outputs, which
 * after an update hold the live object (pulumi-kubernetes checkpoints it with its managedFields),
 * where the API server or an HPA may have written replicas; there, field ownership
 * (`metadata.managedFields`) says whether Pulumi's field manager owns it.
 */
export function pulumiSetsReplicas(props: unknown): boolean {
    // An unknown spec may or may not hold replicas; an unknown value under a known spec is set.
    const replicas = isUnknown(at(props, "spec")) ? undefined : at(props, "spec", "replicas");
    if (replicas === undefined || replicas === null) {
        return false;
    }
    const managedFields = at(props, "metadata", "managedFields");
    const entries = asArray(managedFields);
    if (entries === undefined || entries.length === 0) {
        return true;
    }
    // The provider records its field manager in the state (`__fieldManager`); its default name starts with "pulumi".
    const pulumiManager = asString(at(props, "__fieldManager"));
    return entries.some((entry) => {
        const manager = asString(at(entry, "manager")) ?? "";
        return (manager === pulumiManager || /^pulumi/i.test(manager)) && at(entry, "fieldsV1", "f:spec", "f:replicas") !== undefined;
    });
}

// ---------------------------------------------------------------------------------------------
// Replica changes scheduled by CronJobs (`kubectl scale` or `kubectl patch … replicas`)

const kubectlKinds: Record<string, { group: string; kind: string }> = {};
for (const [group, kind, words] of [
    ["llamastack.io", "LlamaStackDistribution", ["llamastackdistribution", "llamastackdistributions", "llsd"]],
    ["apps", "Deployment", ["deployment", "deployments", "deploy"]],
    ["apps", "StatefulSet", ["statefulset", "statefulsets", "sts"]],
    ["apps", "ReplicaSet", ["replicaset", "replicasets", "rs"]],
] as const) {
    for (const word of words) {
        kubectlKinds[word] = { group, kind };
        kubectlKinds[`${word}.${group}`] = { group, kind };
    }
}

/** kubectl flags that take the next word as their value. */
const valueFlags = new Set(["-n", "--namespace", "-p", "--patch", "--type", "--subresource", "--replicas", "--context", "-o", "--output", "--kubeconfig", "-l", "--selector", "--patch-file", "--current-replicas", "--timeout", "--field-manager"]);

function words(text: string): string[] {
    return text
        .split(/\s+/)
        .map(unquoted)
        .filter((word) => word !== "");
}

// A loop rather than `/^['"]+|['"]+$/g`, whose unanchored `['"]+$` rescans a run of quotes from
// each of its characters: quadratic in a command a pull request writes.
function unquoted(word: string): string {
    const quote = (c: string): boolean => c === "'" || c === '"';
    let start = 0;
    let end = word.length;
    while (start < end && quote(word[start])) {
        start++;
    }
    while (end > start && quote(word[end - 1])) {
        end--;
    }
    return word.slice(start, end);
}

/** A replica change one kubectl command in a CronJob makes. */
export interface ReplicaChange extends ObjectRef {
    /** The command as written, for messages. */
    command: string;
}

/** The replica changes a CronJob's containers run: `kubectl scale …` and `kubectl patch … replicas`. */
export function replicaChanges(cronJob: StackObject): ReplicaChange[] {
    const podSpec = at(cronJob.props, "spec", "jobTemplate", "spec", "template", "spec");
    const changes: ReplicaChange[] = [];
    for (const list of ["initContainers", "containers"]) {
        for (const container of asArray(at(podSpec, list)) ?? []) {
            const text = [...(asArray(at(container, "command")) ?? []), ...(asArray(at(container, "args")) ?? [])]
                .filter((part): part is string => typeof part === "string")
                .join(" ");
            // Split scripts (`sh -c "…; kubectl …"`) into commands.
            for (const command of text.split(/&&|\|\||;|\||\n/)) {
                const change = kubectlReplicaChange(command, cronJob.namespace);
                if (change !== undefined) {
                    changes.push(change);
                }
            }
        }
    }
    return changes;
}

function kubectlReplicaChange(command: string, defaultNamespace: string | Unknown): ReplicaChange | undefined {
    const all = words(command);
    const start = all.findIndex((word) => word === "kubectl" || word.endsWith("/kubectl"));
    if (start < 0) {
        return undefined;
    }
    const positional: string[] = [];
    let namespace = isUnknown(defaultNamespace) ? undefined : defaultNamespace;
    let scaleSubresource = false;
    const rest = all.slice(start + 1);
    for (let i = 0; i < rest.length; i++) {
        const word = rest[i];
        if (!word.startsWith("-")) {
            positional.push(word);
            continue;
        }
        const [flag, inline] = word.includes("=") ? [word.slice(0, word.indexOf("=")), word.slice(word.indexOf("=") + 1)] : [word, undefined];
        const value = inline ?? (valueFlags.has(flag) ? rest[++i] : undefined);
        if (flag === "-n" || flag === "--namespace") {
            namespace = value;
        } else if (flag === "--subresource" && value === "scale") {
            scaleSubresource = true;
        }
    }
    const [verb, kindWord, nameWord] = positional;
    if (verb !== "scale" && verb !== "patch") {
        return undefined;
    }
    if (kindWord === undefined) {
        return undefined;
    }
    const [kindPart, slashName] = kindWord.includes("/") ? [kindWord.slice(0, kindWord.indexOf("/")), kindWord.slice(kindWord.indexOf("/") + 1)] : [kindWord, undefined];
    const kind = kubectlKinds[kindPart.toLowerCase()];
    const name = slashName ?? nameWord;
    if (kind === undefined || name === undefined || namespace === undefined) {
        return undefined;
    }
    const changesReplicas =
        verb === "scale" || scaleSubresource || /(^|[^A-Za-z])replicas["']?\s*:/.test(command) || command.includes("/spec/replicas");
    return changesReplicas ? { ...kind, name, namespace, command: command.trim() } : undefined;
}

/** The stack's CronJobs. */
export function cronJobs(stack: Stack): StackObject[] {
    return stack.objects.filter((o) => o.type.group === "batch" && o.type.kind === "CronJob");
}

/** How to stop fixing the replicas of an object, for messages. */
export function replicasHint(object: StackObject): string {
    return isDistribution(object.type)
        ? "Remove spec.replicas (with the Distribution component: leave `replicas` unset when `autoscaling` is given)"
        : "Remove spec.replicas";
}

