import type { Problems } from "./validation";
import { rules } from "./rules";

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const labelName = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** True for a DNS-1123 label, the rule for object names that become DNS names. */
export function isDns1123Label(value: string): boolean {
    return value.length <= 63 && dns1123Label.test(value);
}

/** True for a label or annotation key: an optional DNS subdomain prefix and a name. */
export function isQualifiedName(key: string): boolean {
    // Kubernetes' own bound (a 253-character prefix, '/', a 63-character name), before any splitting.
    if (key.length > 253 + 1 + 63) {
        return false;
    }
    const parts = key.split("/");
    if (parts.length > 2) {
        return false;
    }
    const name = parts[parts.length - 1];
    if (name.length > 63 || !labelName.test(name)) {
        return false;
    }
    if (parts.length === 2) {
        const prefix = parts[0];
        return prefix.length > 0 && prefix.length <= 253 && dns1123Subdomain.test(prefix);
    }
    return true;
}

/** True for a label value: at most 63 characters, alphanumeric at both ends. */
export function isLabelValue(value: string): boolean {
    return value.length <= 63 && labelValue.test(value);
}

/** Records a problem unless `value` is a DNS-1123 label. */
export function checkDns1123Label(problems: Problems, field: string, value: string): void {
    problems.check(isDns1123Label(value), `${field} "${value}"`, rules.dns1123Label);
}

/** Records problems for label keys and values that Kubernetes would refuse. */
export function checkLabels(problems: Problems, field: string, labels: Record<string, string> | undefined): void {
    for (const [key, value] of Object.entries(labels ?? {})) {
        problems.check(isQualifiedName(key), `${field} key "${key}"`, "must be a valid label key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.')");
        problems.check(isLabelValue(value), `${field}["${key}"] "${value}"`, "must be a valid label value (at most 63 letters, digits, '-', '_' or '.', alphanumeric at both ends)");
    }
}

/** True for a DNS-1123 subdomain (at most 253 characters), the rule for most object names. */
export function isDns1123Subdomain(value: string): boolean {
    return value.length <= 253 && dns1123Subdomain.test(value);
}

const dns1035Label = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** True for a DNS-1035 label (a DNS-1123 label that starts with a letter), the rule for Service names. */
export function isDns1035Label(value: string): boolean {
    return value.length <= 63 && dns1035Label.test(value);
}

const dataKey = /^[-._a-zA-Z0-9]+$/;

/** True for a ConfigMap or Secret key: at most 253 letters, digits, '-', '_' or '.'. */
export function isDataKey(value: unknown): boolean {
    return typeof value === "string" && value.length <= 253 && dataKey.test(value);
}

/** True for an image reference the API server would take: non-empty, at most 512 characters, no whitespace. */
export function isImageReference(value: unknown): boolean {
    return typeof value === "string" && value.trim() !== "" && value.length <= 512 && !/\s/.test(value);
}
