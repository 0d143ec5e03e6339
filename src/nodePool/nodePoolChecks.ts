// The checks of a NodePool's arguments: what Karpenter and the API server would refuse, said first.
import { defaultGpuResourceName } from "../core/defaults";
import { capacityTypeLabel } from "./defaults";
import { TaintEffect } from "../core/enums";
import { CapacityType, ConsolidationPolicy, RequirementOperator, ResolvedNodePoolArgs, ResolvedRequirement, ResolvedTaint } from "./args";
import { checkDns1123Label, isLabelValue, isQualifiedName } from "../core/names";
import { parseQuantity } from "../core/quantity";
import { rules } from "../core/rules";
import { isWholeNumber, Problems, show } from "../core/validation";
import { poolCapacityTypes } from "./nodePoolSpec";

const capacityTypes: readonly string[] = Object.values(CapacityType);
const taintEffects: readonly string[] = Object.values(TaintEffect);
const operators: readonly string[] = Object.values(RequirementOperator);
const policies: readonly string[] = Object.values(ConsolidationPolicy);
// Karpenter's own patterns (karpenter.sh_nodepools.yaml), so mistakes fail before the API server sees them.
const karpenterDuration = /^(([0-9]+(s|m|h))+|Never)$/;
const budgetNodes = /^((100|[0-9]{1,2})%|[0-9]+)$/;
const budgetDuration = /^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$/;
const cronSchedule = /^(@(annually|yearly|monthly|weekly|daily|midnight|hourly))$|^(\S+\s+){4}\S+$/;
const qualifiedNameRule =
    "must be a qualified name: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', alphanumeric at both ends";
const labelValueRule = "must be a valid label value (at most 63 letters, digits, '-', '_' or '.', alphanumeric at both ends)";


/**
 * Label domains Karpenter refuses on NodePools: `kubernetes.io` (but for well-known labels and
 * `node.kubernetes.io`), `k8s.io`, and `karpenter.sh` (but for the capacity type). Returns the
 * reserved domain, or undefined when the key may be used.
 */
export function reservedLabelDomain(key: string): string | undefined {
    const slash = key.indexOf("/");
    if (slash < 0) {
        return undefined;
    }
    const domain = key.slice(0, slash);
    const wellKnown = [
        "topology.kubernetes.io/zone",
        "topology.kubernetes.io/region",
        "kubernetes.io/arch",
        "kubernetes.io/os",
        "node.kubernetes.io/instance-type",
        "node.kubernetes.io/windows-build",
    ];
    if (domain.endsWith("kubernetes.io") && !wellKnown.includes(key) && !domain.endsWith("node.kubernetes.io") && !domain.endsWith("node-restriction.kubernetes.io")) {
        return "kubernetes.io";
    }
    if (domain.endsWith("k8s.io") && !domain.endsWith("kops.k8s.io")) {
        return "k8s.io";
    }
    if (domain.endsWith("karpenter.sh") && key !== capacityTypeLabel) {
        return "karpenter.sh";
    }
    return undefined;
}

/** Checks taints as the API server does: qualified-name key, label-value value, a known effect. */
export function checkTaints(problems: Problems, field: string, taints: ResolvedTaint[] | undefined): void {
    (taints ?? []).forEach((taint, index) => {
        const at = `${field}[${index}]`;
        problems.check(typeof taint.key === "string" && isQualifiedName(taint.key), `${at}.key ${show(taint.key)}`, qualifiedNameRule);
        if (taint.value !== undefined && taint.value !== "") {
            problems.check(isLabelValue(taint.value), `${at}.value ${show(taint.value)}`, labelValueRule);
        }
        problems.check(taintEffects.includes(taint.effect), `${at}.effect ${show(taint.effect)}`, `must be one of ${taintEffects.join(", ")}`);
    });
}

/** Checks node requirements as Karpenter's schema and CEL rules do. */
export function checkRequirements(problems: Problems, field: string, requirements: ResolvedRequirement[] | undefined): void {
    (requirements ?? []).forEach((requirement, index) => {
        const at = `${field}[${index}]`;
        const { key, operator } = requirement;
        const values = requirement.values ?? [];
        if (typeof key !== "string" || !isQualifiedName(key)) {
            problems.add(`${at}.key ${show(key)}`, qualifiedNameRule);
        } else if (reservedLabelDomain(key)) {
            problems.add(`${at}.key ${show(key)}`, `uses the label domain "${reservedLabelDomain(key)}", which Karpenter reserves`);
        } else if (key === capacityTypeLabel) {
            problems.add(`${at}.key ${show(key)}`, "is set by capacityTypes; give the capacity types there");
        }
        if (!operators.includes(operator)) {
            problems.add(`${at}.operator ${show(operator)}`, `must be one of ${operators.join(", ")}`);
            return;
        }
        if ((operator === "In" || operator === "NotIn") && values.length === 0) {
            problems.add(`${at}.values`, `must not be empty with operator ${operator}`);
        }
        if ((operator === "Exists" || operator === "DoesNotExist") && values.length > 0) {
            problems.add(`${at}.values`, `must be empty with operator ${operator}`);
        }
        if ((operator === "Gt" || operator === "Lt") && !(values.length === 1 && /^[0-9]+$/.test(values[0]))) {
            problems.add(`${at}.values ${show(values)}`, `must be a single whole number with operator ${operator}`);
        }
        for (const value of values) {
            problems.check(isLabelValue(value), `${at}.values ${show(value)}`, labelValueRule);
        }
        if (requirement.minValues !== undefined) {
            if (!isWholeNumber(requirement.minValues, 1, 50)) {
                problems.add(`${at}.minValues ${show(requirement.minValues)}`, "must be a whole number from 1 to 50");
            } else if (operator === "In" && values.length < requirement.minValues) {
                problems.add(`${at}.minValues ${requirement.minValues}`, `exceeds the ${values.length} values given`);
            }
        }
    });
}

/** Every rule on a node pool's arguments; `problems` names the component in its errors. */
export function checkNodePoolArgs(problems: Problems, name: string, args: ResolvedNodePoolArgs): void {
    checkDns1123Label(problems, "name", name);
    const ref = args.nodeClassRef ?? ({} as ResolvedNodePoolArgs["nodeClassRef"]);
    for (const field of ["group", "kind", "name"] as const) {
        problems.check(typeof ref[field] === "string" && ref[field].trim() !== "", `nodeClassRef.${field}`, "must not be empty: Karpenter v1 needs the node class's group, kind and name");
    }
    if (typeof ref.group === "string" && ref.group.includes("/")) {
        problems.add(`nodeClassRef.group ${show(ref.group)}`, 'must be an API group without a version, such as "karpenter.k8s.aws"');
    }

    const types = poolCapacityTypes(args);
    problems.check(types.length > 0, "capacityTypes", "must name at least one of spot, on-demand");
    for (const type of types) {
        problems.check(capacityTypes.includes(type), `capacityTypes ${show(type)}`, `must be one of ${capacityTypes.join(", ")}`);
    }
    if (new Set(types).size !== types.length) {
        problems.add(`capacityTypes ${show(types)}`, "must not repeat a capacity type");
    }

    if (args.gpu !== undefined) {
        const resourceName = args.gpu.resourceName ?? defaultGpuResourceName;
        if (typeof resourceName !== "string" || resourceName.trim() === "") {
            problems.add("gpu.resourceName", "must not be empty: a GPU pool needs the GPU resource name its device plugin advertises, such as nvidia.com/gpu");
        } else {
            problems.check(
                resourceName.includes("/") && isQualifiedName(resourceName),
                `gpu.resourceName ${show(resourceName)}`,
                "must be an extended resource name with a domain, such as nvidia.com/gpu",
            );
        }
        if (args.gpu.countPerNode !== undefined) {
            problems.check(isWholeNumber(args.gpu.countPerNode, 1), `gpu.countPerNode ${show(args.gpu.countPerNode)}`, "must be a whole number of at least 1");
            problems.check(
                args.gpu.countLabel !== undefined,
                "gpu.countPerNode",
                "needs gpu.countLabel, the cloud's node label for GPUs per node (karpenter.k8s.aws/instance-gpu-count on AWS, karpenter.azure.com/sku-gpu-count on Azure)",
            );
        }
        if (args.gpu.countLabel !== undefined) {
            problems.check(isQualifiedName(args.gpu.countLabel), `gpu.countLabel ${show(args.gpu.countLabel)}`, qualifiedNameRule);
        }
        checkRequirements(problems, "gpu.requirements", args.gpu.requirements as ResolvedRequirement[] | undefined);
        const image = args.gpu.devicePlugin?.image;
        if (image !== undefined) {
            problems.check(image.trim() !== "", "gpu.devicePlugin.image", "must not be empty");
        }
        if (args.gpu.devicePlugin?.namespace !== undefined) {
            checkDns1123Label(problems, "gpu.devicePlugin.namespace", args.gpu.devicePlugin.namespace);
        }
    } else if (args.limits?.gpus !== undefined) {
        problems.add("limits.gpus", "needs gpu: only a GPU pool has GPUs to limit");
    }

    for (const [key, value] of Object.entries(args.labels ?? {})) {
        problems.check(isQualifiedName(key), `labels key ${show(key)}`, qualifiedNameRule);
        problems.check(isLabelValue(value), `labels[${show(key)}] ${show(value)}`, labelValueRule);
        const reserved = reservedLabelDomain(key);
        if (isQualifiedName(key) && (reserved || key === capacityTypeLabel)) {
            problems.add(`labels key ${show(key)}`, `uses the label domain "${reserved ?? "karpenter.sh"}", which Karpenter reserves`);
        }
    }
    checkTaints(problems, "taints", args.taints as ResolvedTaint[] | undefined);
    checkRequirements(problems, "requirements", args.requirements as ResolvedRequirement[] | undefined);

    for (const field of ["cpu", "memory", "gpus"] as const) {
        const value = args.limits?.[field];
        if (value !== undefined) {
            const quantity = parseQuantity(value);
            problems.check(quantity !== undefined && quantity.num >= 0n, `limits.${field} ${show(value)}`, rules.quantity);
        }
    }

    const disruption = args.disruption ?? {};
    if (disruption.consolidationPolicy !== undefined) {
        problems.check(policies.includes(disruption.consolidationPolicy), `disruption.consolidationPolicy ${show(disruption.consolidationPolicy)}`, `must be one of ${policies.join(", ")}`);
    }
    if (disruption.consolidateAfter !== undefined) {
        problems.check(karpenterDuration.test(disruption.consolidateAfter), `disruption.consolidateAfter ${show(disruption.consolidateAfter)}`, 'must be a duration in s, m and h such as "30s" or "1h30m", or "Never"');
    }
    ((disruption.budgets ?? []) as { nodes: string; schedule?: string; duration?: string }[]).forEach((budget, index) => {
        const at = `disruption.budgets[${index}]`;
        problems.check(budgetNodes.test(String(budget.nodes)), `${at}.nodes ${show(budget.nodes)}`, 'must be a count such as "1" or a percentage such as "10%"');
        if ((budget.schedule === undefined) !== (budget.duration === undefined)) {
            problems.add(at, "must set schedule and duration together");
        }
        if (budget.schedule !== undefined) {
            problems.check(cronSchedule.test(budget.schedule), `${at}.schedule ${show(budget.schedule)}`, 'must be a cron schedule such as "0 9 * * mon-fri" or "@daily"');
        }
        if (budget.duration !== undefined) {
            problems.check(budgetDuration.test(budget.duration), `${at}.duration ${show(budget.duration)}`, 'must be hours and minutes such as "8h" or "1h30m"');
        }
    });
    if (args.expireAfter !== undefined) {
        problems.check(karpenterDuration.test(args.expireAfter), `expireAfter ${show(args.expireAfter)}`, 'must be a duration in s, m and h such as "720h", or "Never"');
    }
    if (args.weight !== undefined) {
        problems.check(isWholeNumber(args.weight, 1, 100), `weight ${show(args.weight)}`, "must be a whole number from 1 to 100");
    }
}
