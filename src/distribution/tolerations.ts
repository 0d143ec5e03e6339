import { isLabelValue, isQualifiedName } from "../core/names";
import { TaintEffect, TolerationOperator } from "../core/enums";
import { Problems, show } from "../core/validation";

/** A toleration after every Output has resolved. */
export interface ResolvedToleration {
    key?: string;
    operator?: string;
    value?: string;
    effect?: string;
    tolerationSeconds?: number;
}

const operators: readonly string[] = Object.values(TolerationOperator);
const effects: readonly string[] = Object.values(TaintEffect);

/** Checks tolerations as the API server does, so mistakes fail before anything is created. */
export function checkTolerations(problems: Problems, field: string, tolerations: ResolvedToleration[] | undefined): void {
    (tolerations ?? []).forEach((toleration, index) => {
        const at = `${field}[${index}]`;
        if (toleration === null || typeof toleration !== "object") {
            problems.add(`${at} ${show(toleration)}`, "must be a toleration: { key, operator, value, effect }");
            return;
        }
        if (typeof toleration.key === "string" && toleration.key !== "" && !isQualifiedName(toleration.key)) {
            problems.add(`${at}.key ${show(toleration.key)}`, "must be a taint key: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.'");
        }
        if (typeof toleration.value === "string" && !isLabelValue(toleration.value)) {
            problems.add(`${at}.value ${show(toleration.value)}`, "must be a taint value: at most 63 letters, digits, '-', '_' or '.', alphanumeric at both ends");
        }
        const operator = toleration.operator ?? "Equal";
        problems.check(operators.includes(operator), `${at}.operator ${show(operator)}`, `must be one of ${operators.join(", ")}`);
        if (toleration.effect !== undefined && toleration.effect !== "") {
            problems.check(effects.includes(toleration.effect), `${at}.effect ${show(toleration.effect)}`, `must be one of ${effects.join(", ")}`);
        }
        if (operator === "Exists" && toleration.value) {
            problems.add(`${at}.value ${show(toleration.value)}`, "must be empty when operator is Exists");
        }
        if (operator === "Equal" && !toleration.key) {
            problems.add(`${at}.key`, "is required when operator is Equal (use operator Exists to tolerate every taint)");
        }
        if (toleration.tolerationSeconds !== undefined && toleration.effect !== "NoExecute") {
            problems.add(`${at}.tolerationSeconds`, "only applies with effect NoExecute");
        }
    });
}

/** The toleration of the taint that GPU node pools carry, `<resourceName>:NoSchedule`. */
export function gpuToleration(resourceName: string): ResolvedToleration {
    return { key: resourceName, operator: "Exists", effect: "NoSchedule" };
}

/** True when two tolerations are the same (used to avoid adding a toleration twice). */
export function sameToleration(a: ResolvedToleration, b: ResolvedToleration): boolean {
    return (
        (a.key ?? "") === (b.key ?? "") &&
        (a.operator ?? "Equal") === (b.operator ?? "Equal") &&
        (a.value ?? "") === (b.value ?? "") &&
        (a.effect ?? "") === (b.effect ?? "")
    );
}
