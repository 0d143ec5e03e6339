// Environment variables from Secret keys (provider API keys): only the Secret's name and key reach
// Pulumi's state and the custom resource; the kubelet reads the value when it starts the pod.
import * as pulumi from "@pulumi/pulumi";
import { isDataKey, isDns1123Subdomain } from "../core/names";
import { Problems, show } from "../core/validation";

/** A key of a Secret in the distribution's namespace. */
export interface SecretKeyRef {
    /** Name of the Secret. */
    secretName: pulumi.Input<string>;
    /** The key in the Secret whose value becomes the variable. */
    key: pulumi.Input<string>;
    /**
     * Start the pod without the variable when the Secret or key is missing. Defaults to false:
     * the pod waits for the Secret.
     * @default false
     */
    optional?: pulumi.Input<boolean>;
}


/** Checks each variable's Secret name and key; `isEnvName` is the rule for the variable's name. */
export function checkSecretEnv(
    problems: Problems,
    secretEnv: Record<string, pulumi.Unwrap<SecretKeyRef>> | undefined,
    isEnvName: (name: string) => boolean,
    plainEnv: Record<string, unknown> | undefined,
): void {
    for (const [name, ref] of Object.entries(secretEnv ?? {})) {
        const field = `secretEnv[${show(name)}]`;
        problems.check(isEnvName(name), `secretEnv ${show(name)}`, "must be a valid environment variable name (letters, digits, '_', '-', '.', not starting with a digit)");
        if (plainEnv !== undefined && Object.prototype.hasOwnProperty.call(plainEnv, name)) {
            problems.add(field, "is also set in env: give each variable one source");
        }
        if (ref === null || typeof ref !== "object") {
            problems.add(`${field} ${show(ref)}`, "must be { secretName, key }");
            continue;
        }
        problems.check(typeof ref.secretName === "string" && isDns1123Subdomain(ref.secretName), `${field}.secretName ${show(ref.secretName)}`, "must be a Secret name (a DNS-1123 subdomain)");
        problems.check(isDataKey(ref.key), `${field}.key ${show(ref.key)}`, "must be a Secret key: at most 253 letters, digits, '-', '_' or '.'");
        if (ref.optional !== undefined) {
            problems.check(typeof ref.optional === "boolean", `${field}.optional ${show(ref.optional)}`, "must be true or false");
        }
    }
}

/** The custom resource's env entries for the Secret keys, in the order given. */
export function secretEnvEntries(secretEnv: Record<string, pulumi.Unwrap<SecretKeyRef>> | undefined): Record<string, unknown>[] {
    return Object.entries(secretEnv ?? {}).map(([name, ref]) => {
        const secretKeyRef: Record<string, unknown> = { name: ref.secretName, key: ref.key };
        if (ref.optional !== undefined) {
            secretKeyRef.optional = ref.optional;
        }
        return { name, valueFrom: { secretKeyRef } };
    });
}
