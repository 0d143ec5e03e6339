// The LlamaStack run configuration (providers, models, stores): given as YAML text, which the
// Distribution stores in a ConfigMap of its own, or as an existing ConfigMap. The controller mounts
// it read-only and starts the server with it; its hash on the pod template rolls the pods when it
// changes, and only then.
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { defaultRunConfigKey } from "./defaults";
import { isDataKey, isDns1123Subdomain } from "../core/names";
import { Problems, show } from "../core/validation";

/** An existing ConfigMap that holds the run configuration, in the distribution's namespace. */
export interface RunConfigMap {
    /** Name of the ConfigMap. */
    name: pulumi.Input<string>;
    /**
     * The key holding the run configuration. Defaults to "run.yaml".
     * @default "run.yaml"
     */
    key?: pulumi.Input<string>;
}

/** A ConfigMap holds at most 1 MiB, and so must the run configuration. */
const maxRunConfigBytes = 1024 * 1024;

/** The run configuration's SHA-256, put on the pod template so that a change rolls the pods. */
export function runConfigHash(text: string): string {
    return crypto.createHash("sha256").update(text).digest("hex");
}

/** Checks `runConfig` (YAML text that parses to a mapping) and `runConfigMap`, given at most one of them. */
export function checkRunConfig(problems: Problems, runConfig: string | undefined, runConfigMap: pulumi.Unwrap<RunConfigMap> | undefined): void {
    if (runConfig !== undefined && runConfigMap !== undefined) {
        problems.add("runConfig", "and runConfigMap must not both be set: give the run configuration as text or as a ConfigMap");
    }
    if (runConfig !== undefined) {
        if (typeof runConfig !== "string" || runConfig.trim() === "") {
            problems.add(`runConfig ${show(runConfig)}`, "must be the run configuration as non-empty YAML text");
        } else if (Buffer.byteLength(runConfig, "utf8") > maxRunConfigBytes) {
            problems.add("runConfig", "must be at most 1 MiB, the most a ConfigMap holds");
        } else {
            const document = YAML.parseDocument(runConfig, { uniqueKeys: true });
            if (document.errors.length > 0) {
                problems.add("runConfig", `must be valid YAML: ${document.errors[0].message.split("\n")[0]}`);
            } else if (!YAML.isMap(document.contents)) {
                problems.add("runConfig", "must be a YAML mapping (the run configuration's `version`, `apis`, `providers`, ...)");
            }
        }
    }
    if (runConfigMap !== undefined) {
        const name = runConfigMap.name;
        problems.check(typeof name === "string" && isDns1123Subdomain(name), `runConfigMap.name ${show(name)}`, "must be a ConfigMap name (a DNS-1123 subdomain)");
        const key = runConfigMap.key;
        if (key !== undefined) {
            problems.check(isDataKey(key), `runConfigMap.key ${show(key)}`, "must be a ConfigMap key: at most 253 letters, digits, '-', '_' or '.'");
        }
    }
}

/** `spec.runConfig` of the custom resource, for a ConfigMap name and key. */
export function runConfigSpec(configMapName: string, key: string = defaultRunConfigKey): Record<string, string> {
    return { configMapName, key };
}
