// Reading Kubernetes resources the way policies see them: plain data, with values that Pulumi
// cannot know during a preview marked as `unknown` instead of throwing, and one view of the pods
// that every workload kind (and our LlamaStackDistribution custom resource) describes.

import * as policy from "@pulumi/policy";
import { isShared } from "./sharedProps";

/** Marks a value that is unknown during preview (it depends on another resource's output). */
export const unknown: unique symbol = Symbol("unknown during preview");
export type Unknown = typeof unknown;

export function isUnknown(value: unknown): value is Unknown {
    return value === unknown;
}

// @pulumi/policy hands policies its props behind a proxy that throws `UnknownValueError` on any read
// of an unknown value. The class is exported at run time but not in the typings.
const UnknownValueError = (policy as unknown as { UnknownValueError?: new (...args: never[]) => Error }).UnknownValueError;

function isUnknownValueError(error: unknown): boolean {
    return (
        (UnknownValueError !== undefined && error instanceof UnknownValueError) ||
        (error instanceof Error && "unknownTypeSentinel" in error)
    );
}

// The proxy's own module: its sentinels for unknown values, and the key under which a proxy hands
// out the object it wraps. Their typings are internal.
const analyzerProxy = require("@pulumi/policy/proxy") as {
    isSpecialProxy?: string;
    getSpecialProxyTarget?: string;
    unknownBooleanValue?: string;
    unknownNumberValue?: string;
    unknownStringValue?: string;
    unknownArrayValue?: string;
    unknownAssetValue?: string;
    unknownArchiveValue?: string;
    unknownObjectValue?: string;
};
const sentinels = new Set(
    [
        analyzerProxy.unknownBooleanValue,
        analyzerProxy.unknownNumberValue,
        analyzerProxy.unknownStringValue,
        analyzerProxy.unknownArrayValue,
        analyzerProxy.unknownAssetValue,
        analyzerProxy.unknownArchiveValue,
        analyzerProxy.unknownObjectValue,
    ].filter((s): s is string => typeof s === "string"),
);
const proxyKey = analyzerProxy.isSpecialProxy;
const targetKey = analyzerProxy.getSpecialProxyTarget;

// The copy of each shared decoded resource, made once (see plain).
const copies = new WeakMap<object, unknown>();

/**
 * A plain, frozen deep copy of a resource's props in which every value that is unknown during preview is
 * `unknown`. Policies read this copy, so an unknown field skips the one judgment that needs it and
 * never aborts the whole policy (or, worse, reads as "missing").
 *
 * The analyzer wraps the props in a proxy that throws on every read of an unknown value; the copy
 * is made from the object that proxy wraps, where an unknown value is one of the analyzer's
 * sentinels, exactly the values on which the proxy throws. Reading through the proxy, with an
 * exception per unknown and a proxy per nested object, took most of the pack's own CPU time in a
 * preview (BENCHMARKS.md, section 6); a value that is not the analyzer's proxy is read through
 * the same exception handling as before.
 */
export function plain(value: unknown): unknown {
    if (value !== null && typeof value === "object" && proxyKey !== undefined && targetKey !== undefined && sentinels.size === 7) {
        const target = readTarget(value);
        if (target !== undefined) {
            // One copy per decoded resource the rules of a call share (decodeOnce.ts); copies are
            // frozen, so that no rule can change what the next one reads.
            if (!isShared(target)) {
                return rawCopy(target);
            }
            let copy = copies.get(target);
            if (copy === undefined) {
                copy = rawCopy(target);
                copies.set(target, copy);
            }
            return copy;
        }
    }
    return proxiedCopy(value);
}

function readTarget(value: object): object | undefined {
    try {
        if ((value as Record<string, unknown>)[proxyKey!] !== true) {
            return undefined;
        }
        const target = (value as Record<string, unknown>)[targetKey!];
        return target !== null && typeof target === "object" && target !== value ? target : undefined;
    } catch {
        return undefined;
    }
}

function rawCopy(value: unknown): unknown {
    if (typeof value === "string" && sentinels.has(value)) {
        return unknown;
    }
    if (value === null || typeof value !== "object") {
        return value;
    }
    if (Array.isArray(value)) {
        const copy: unknown[] = [];
        for (let i = 0; i < value.length; i++) {
            copy.push(rawCopy(value[i]));
        }
        return Object.freeze(copy);
    }
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
        // defineProperty: a key named "__proto__" stays data instead of replacing the copy's prototype.
        Object.defineProperty(copy, key, { value: rawCopy((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
    }
    return Object.freeze(copy);
}

function proxiedCopy(value: unknown): unknown {
    if (value === null || typeof value !== "object") {
        return value;
    }
    if (Array.isArray(value)) {
        const copy: unknown[] = [];
        for (let i = 0; i < value.length; i++) {
            copy.push(readKey(value, i));
        }
        return Object.freeze(copy);
    }
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
        // defineProperty: a key named "__proto__" stays data instead of replacing the copy's prototype.
        Object.defineProperty(copy, key, { value: readKey(value as Record<string, unknown>, key), enumerable: true, writable: true, configurable: true });
    }
    return Object.freeze(copy);
}

function readKey(container: Record<string | number, unknown> | unknown[], key: string | number): unknown {
    try {
        return proxiedCopy((container as Record<string | number, unknown>)[key]);
    } catch (error) {
        if (isUnknownValueError(error)) {
            return unknown;
        }
        throw error;
    }
}

/** Whether a map has a key of its own (never one inherited, such as `toString` or `constructor`). */
export function hasOwn(map: unknown, key: string | number): boolean {
    return map !== null && typeof map === "object" && Object.prototype.hasOwnProperty.call(map, key);
}

/**
 * `map[key]` for maps read from resources or config (labels, resource lists, node selectors): only
 * the map's own keys, so a key written as `toString` or `__proto__` is data, never a method.
 */
export function own(map: unknown, key: string | number): unknown {
    return hasOwn(map, key) ? (map as Record<string | number, unknown>)[key] : undefined;
}

/** `value.a.b.c`: `unknown` if any step is unknown, `undefined` if any step is missing (own keys only). */
export function at(value: unknown, ...path: (string | number)[]): unknown {
    let current = value;
    for (const key of path) {
        if (isUnknown(current)) {
            return unknown;
        }
        current = own(current, key);
    }
    return current;
}

/** A number as a message shows it; any other value (a symbol, an object without a prototype) safely. */
export function text(value: unknown): string {
    if (typeof value === "string") {
        return value;
    }
    if (typeof value === "symbol") {
        return "(unknown)";
    }
    try {
        return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
    } catch {
        return "(unreadable)";
    }
}

export type Dict = Record<string, unknown>;

/** The value as an object (not an array), or undefined. */
export function asDict(value: unknown): Dict | undefined {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Dict) : undefined;
}

export function asArray(value: unknown): unknown[] | undefined {
    return Array.isArray(value) ? value : undefined;
}

export function asString(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}

/** True when an object or any value inside it is unknown. */
export function hasUnknown(value: unknown): boolean {
    if (isUnknown(value)) {
        return true;
    }
    if (value !== null && typeof value === "object") {
        return Object.values(value).some(hasUnknown);
    }
    return false;
}

// The components' wording of values and resource names, shared.
export { resourceKey as key, show } from "../src/core/format";

// ---------------------------------------------------------------------------------------------
// Resource types

/** The API group (core is ""), version and kind of a Pulumi Kubernetes type token. */
export interface KubeType {
    group: string;
    version: string;
    kind: string;
}

/** `kubernetes:apps/v1:Deployment` → `{ group: "apps", version: "v1", kind: "Deployment" }`. */
export function kubeType(type: string): KubeType | undefined {
    const match = /^kubernetes:([^:]+)\/([^:/]+):([A-Za-z0-9]+)$/.exec(type);
    if (!match) {
        return undefined;
    }
    const [, group, version, kind] = match;
    return { group: group === "core" ? "" : group, version, kind };
}

/** The group of an `apiVersion` such as `apps/v1` (`apps`) or `v1` (`""`). */
export function groupOf(apiVersion: string): string {
    const slash = apiVersion.lastIndexOf("/");
    return slash < 0 ? "" : apiVersion.slice(0, slash);
}

export const distributionGroup = "llamastack.io";
export const distributionKind = "LlamaStackDistribution";

export function isDistribution(type: KubeType | undefined): boolean {
    return type?.group === distributionGroup && type.kind === distributionKind;
}

export function isHpa(type: KubeType | undefined): boolean {
    return type?.group === "autoscaling" && type.kind === "HorizontalPodAutoscaler";
}

export function isVpa(type: KubeType | undefined): boolean {
    return type?.group === "autoscaling.k8s.io" && type.kind === "VerticalPodAutoscaler";
}

export function isPdb(type: KubeType | undefined): boolean {
    return type?.group === "policy" && type.kind === "PodDisruptionBudget";
}

export function isNodePool(type: KubeType | undefined): boolean {
    return type?.group === "karpenter.sh" && type.kind === "NodePool";
}

export function isService(type: KubeType | undefined): boolean {
    return type?.group === "" && type.kind === "Service";
}

/** How a resource is named in messages: `Deployment "api"`. */
export function describe(kind: string, props: unknown, fallbackName: string): string {
    const name = asString(at(props, "metadata", "name"));
    return `${kind} "${name ?? fallbackName}"`;
}

/** The namespace of an object; unset means the provider's default, taken as "default". */
export function namespaceOf(props: unknown): string | Unknown {
    const namespace = at(props, "metadata", "namespace");
    if (isUnknown(namespace)) {
        return unknown;
    }
    return asString(namespace) || "default";
}

// ---------------------------------------------------------------------------------------------
// Workloads: one view of the pods each kind describes

/** One container of a workload (for a LlamaStackDistribution, its one server container). */
export interface ContainerView {
    /** `container "llamastack"`, `init container "migrate"`, or "" for the distribution's implicit one. */
    label: string;
    /** Where the container is, for messages: `spec.template.spec.containers[0]`, or `spec`. */
    field: string;
    /** The same place as keys into the props, for remediation. */
    path: (string | number)[];
    init: boolean;
    image: unknown;
    resources: unknown;
    /** The container security context in effect (for a distribution: the controller's defaults plus overrides). */
    securityContext: unknown;
    /** The container as written (probes, ports …); for a distribution, its spec. */
    raw: unknown;
}

/** The pods a resource runs, whatever its kind. */
export interface Workload {
    type: KubeType;
    /** `Deployment "api"`, for messages. */
    subject: string;
    name: string | Unknown | undefined;
    namespace: string | Unknown;
    /** Where the pod spec is, for messages: `spec.template.spec`, or `spec` for pods and distributions. */
    podField: string;
    podLabels: unknown;
    nodeSelector: unknown;
    tolerations: unknown;
    affinity: unknown;
    /** The pod security context in effect. */
    podSecurityContext: unknown;
    /**
     * The pod spec as written (host namespaces, volumes, spread, priority class …); for a
     * distribution, its spec, whose pod fields the controller copies into the pods.
     */
    podSpec: unknown;
    /** The pods' annotations (for a distribution, `spec.podAnnotations`). */
    podAnnotations: unknown;
    /**
     * Whether the pods are made by the llamastack controller, which gives every server container a
     * startup, a readiness and a liveness probe of its own (controller/deployment.ts).
     */
    controllerManaged: boolean;
    /** Every container and init container, or `unknown` when the list itself is unknown. */
    containers: ContainerView[] | Unknown;
    /** `spec.replicas` as given, for kinds that have it. */
    replicas: unknown;
    scalable: boolean;
}

const templateKinds: Record<string, string[]> = {
    "apps/Deployment": ["spec", "template"],
    "apps/StatefulSet": ["spec", "template"],
    "apps/DaemonSet": ["spec", "template"],
    "apps/ReplicaSet": ["spec", "template"],
    "batch/Job": ["spec", "template"],
    "batch/CronJob": ["spec", "jobTemplate", "spec", "template"],
    "/ReplicationController": ["spec", "template"],
    "/Pod": [],
};

const scalableKinds = new Set(["apps/Deployment", "apps/StatefulSet", "apps/ReplicaSet", "/ReplicationController"]);

/**
 * The pod security the llamastack controller applies to every distribution unless the distribution's
 * `podSecurityContext`/`securityContext` override it field by field (controller/deployment.ts):
 * the restricted Pod Security Standard.
 */
export const controllerPodSecurityDefaults: Dict = {
    runAsNonRoot: true,
    seccompProfile: { type: "RuntimeDefault" },
};
export const controllerContainerSecurityDefaults: Dict = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
};

/** Field-by-field override of a default security context; unknown when the override is unknown. */
function overridden(defaults: Dict, override: unknown): unknown {
    if (isUnknown(override)) {
        return unknown;
    }
    return { ...defaults, ...(asDict(override) ?? {}) };
}

function containersAt(podSpec: unknown, podField: string, podPath: (string | number)[]): ContainerView[] | Unknown {
    const result: ContainerView[] = [];
    for (const [list, init] of [["initContainers", true], ["containers", false]] as const) {
        const containers = at(podSpec, list);
        if (isUnknown(containers)) {
            return unknown;
        }
        (asArray(containers) ?? []).forEach((container, index) => {
            const name = at(container, "name");
            const shown = typeof name === "string" ? `"${name}"` : `#${index}`;
            result.push({
                label: `${init ? "init container" : "container"} ${shown}`,
                field: `${podField}${podField ? "." : ""}${list}[${index}]`,
                path: [...podPath, list, index],
                init,
                image: isUnknown(container) ? unknown : at(container, "image"),
                resources: isUnknown(container) ? unknown : at(container, "resources"),
                securityContext: isUnknown(container) ? unknown : at(container, "securityContext"),
                raw: container,
            });
        });
    }
    return result;
}

/** The pods described by a resource of any workload kind, or undefined for other resources. */
export function workloadOf(typeToken: string, props: unknown, resourceName: string): Workload | undefined {
    const type = kubeType(typeToken);
    if (type === undefined) {
        return undefined;
    }
    const subject = describe(type.kind, props, resourceName);
    const name = at(props, "metadata", "name") as string | Unknown | undefined;
    const namespace = namespaceOf(props);
    if (isDistribution(type)) {
        const spec = at(props, "spec");
        const containers: ContainerView[] | Unknown = isUnknown(spec)
            ? unknown
            : [
                  {
                      label: "",
                      field: "spec",
                      path: ["spec"],
                      init: false,
                      image: at(spec, "image"),
                      resources: at(spec, "resources"),
                      securityContext: overridden(controllerContainerSecurityDefaults, at(spec, "securityContext")),
                      raw: spec,
                  },
              ];
        const version = at(spec, "version");
        const podLabels: unknown =
            isUnknown(name) || isUnknown(at(spec, "podLabels")) || isUnknown(version)
                ? unknown
                : {
                      ...(asDict(at(spec, "podLabels")) ?? {}),
                      ...(typeof version === "string" && version ? { version } : {}),
                      // The controller's own pod labels (controller/deployment.ts podLabels).
                      "app.kubernetes.io/name": "llamastack",
                      ...(typeof name === "string" ? { app: name, "app.kubernetes.io/instance": name } : {}),
                  };
        return {
            type,
            subject,
            name,
            namespace,
            podField: "spec",
            podLabels,
            nodeSelector: at(spec, "nodeSelector"),
            tolerations: at(spec, "tolerations"),
            affinity: at(spec, "affinity"),
            podSecurityContext: overridden(controllerPodSecurityDefaults, at(spec, "podSecurityContext")),
            podSpec: spec,
            podAnnotations: at(spec, "podAnnotations"),
            controllerManaged: true,
            containers,
            replicas: at(spec, "replicas"),
            scalable: true,
        };
    }
    const kindKey = `${type.group}/${type.kind}`;
    const templatePath = own(templateKinds, kindKey) as string[] | undefined;
    if (templatePath === undefined) {
        return undefined;
    }
    const podPath = [...templatePath, "spec"];
    const podField = podPath.join(".");
    const podSpec = at(props, ...podPath);
    const podLabels = at(props, ...templatePath, "metadata", "labels");
    return {
        type,
        subject,
        name,
        namespace,
        podField,
        podLabels,
        nodeSelector: at(podSpec, "nodeSelector"),
        tolerations: at(podSpec, "tolerations"),
        affinity: at(podSpec, "affinity"),
        podSecurityContext: at(podSpec, "securityContext"),
        podSpec,
        podAnnotations: at(props, ...templatePath, "metadata", "annotations"),
        controllerManaged: false,
        containers: isUnknown(podSpec) ? unknown : containersAt(podSpec, podField, podPath),
        replicas: scalableKinds.has(kindKey) ? at(props, "spec", "replicas") : undefined,
        scalable: scalableKinds.has(kindKey),
    };
}

/**
 * The workload a resource policy is called on, or undefined for other resources. The type is
 * checked before the props are copied: most resources of a stack (Services, autoscalers, budgets)
 * are not workloads, and every resource rule is called on each of them.
 */
export function workloadOfArgs(args: { type: string; props: unknown; name: string }): Workload | undefined {
    const type = kubeType(args.type);
    if (type === undefined || (!isDistribution(type) && !hasOwn(templateKinds, `${type.group}/${type.kind}`))) {
        return undefined;
    }
    return workloadOf(args.type, plain(args.props), args.name);
}

/** `Deployment "api", container "server"`, or `LlamaStackDistribution "x"` for its implicit container. */
export function subjectOf(workload: Workload, container: ContainerView): string {
    return container.label ? `${workload.subject}, ${container.label}` : workload.subject;
}

/** Follows `path` from the policy's props object (a proxy) and returns the object there, to write into. */
export function objectAt(props: Record<string, unknown>, path: (string | number)[]): Record<string, unknown> | undefined {
    let current: unknown = props;
    try {
        for (const step of path) {
            if (!hasOwn(current, step)) {
                return undefined;
            }
            current = (current as Record<string | number, unknown>)[step];
        }
    } catch (error) {
        // An unknown value on the way (the props proxy throws on reading one): nothing to write into.
        if (isUnknownValueError(error)) {
            return undefined;
        }
        throw error;
    }
    return current !== null && typeof current === "object" && !Array.isArray(current) ? (current as Record<string, unknown>) : undefined;
}

/**
 * The map at `parent[key]` to write into, created when it is missing or null; undefined when the
 * value there is something else (a string, an array, an unknown): remediation then leaves it alone.
 */
export function writableMap(parent: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
    const existing = objectAt(parent, [key]);
    if (existing !== undefined) {
        return existing;
    }
    let value: unknown;
    try {
        value = hasOwn(parent, key) ? parent[key] : undefined;
    } catch (error) {
        if (isUnknownValueError(error)) {
            return undefined;
        }
        throw error;
    }
    if (value !== undefined && value !== null) {
        return undefined;
    }
    const created: Record<string, unknown> = {};
    parent[key] = created;
    return created;
}

// ---------------------------------------------------------------------------------------------
// Scheduling: tolerations, taints, label selectors

export interface Taint {
    key: string;
    value?: string;
    effect: string;
}

/** Whether a toleration tolerates a taint, by Kubernetes' rules (core/v1 Toleration.ToleratesTaint). */
export function tolerates(toleration: Dict, taint: Taint): boolean {
    const effect = asString(toleration.effect) ?? "";
    if (effect !== "" && effect !== taint.effect) {
        return false;
    }
    const tolerationKey = asString(toleration.key) ?? "";
    const operator = asString(toleration.operator) ?? "Equal";
    if (tolerationKey === "") {
        return operator === "Exists";
    }
    if (tolerationKey !== taint.key) {
        return false;
    }
    return operator === "Exists" || (asString(toleration.value) ?? "") === (taint.value ?? "");
}

/** Whether a label selector (`matchLabels` and `matchExpressions`) selects a set of labels. */
export function selects(selector: unknown, labels: Record<string, string>): boolean | Unknown {
    if (hasUnknown(selector)) {
        return unknown;
    }
    const matchLabels = asDict(at(selector, "matchLabels")) ?? {};
    const expressions = asArray(at(selector, "matchExpressions")) ?? [];
    if (Object.keys(matchLabels).length === 0 && expressions.length === 0) {
        // An empty selector selects every pod in the namespace.
        return true;
    }
    for (const [name, value] of Object.entries(matchLabels)) {
        if (own(labels, name) !== value) {
            return false;
        }
    }
    for (const expression of expressions) {
        const name = asString(at(expression, "key")) ?? "";
        const values = (asArray(at(expression, "values")) ?? []).map(text);
        const has = hasOwn(labels, name);
        const label = has ? labels[name] : "";
        switch (at(expression, "operator")) {
            case "In":
                if (!has || !values.includes(label)) return false;
                break;
            case "NotIn":
                if (has && values.includes(label)) return false;
                break;
            case "Exists":
                if (!has) return false;
                break;
            case "DoesNotExist":
                if (has) return false;
                break;
            default:
                return false;
        }
    }
    return true;
}

/** Plain string labels, or undefined when any is unknown. */
export function stringLabels(value: unknown): Record<string, string> | undefined {
    if (hasUnknown(value)) {
        return undefined;
    }
    const labels: Record<string, string> = {};
    for (const [name, value_] of Object.entries(asDict(value) ?? {})) {
        Object.defineProperty(labels, name, { value: text(value_), enumerable: true, writable: true, configurable: true });
    }
    return labels;
}
