// Calls policies the way @pulumi/policy's analyzer server does (server.js: makeAnalyzeRpcFun,
// makeAnalyzeStackRpcFun, makeRemediateRpcFun), without starting the server: props behind the real
// unknown-checking proxy, the same `args` fields, and `reportViolation` calls collected.

import * as policy from "@pulumi/policy";
import {
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";

// The proxy and its sentinels are the analyzer's own; their typings are internal.
const proxy = policy as unknown as { unknownCheckingProxy<T>(props: T): T };
const sentinels = require("@pulumi/policy/proxy") as {
    unknownStringValue: string;
    unknownNumberValue: string;
    unknownArrayValue: string;
    unknownObjectValue: string;
};

/** Values Pulumi cannot know during preview, as the engine sends them. */
export const unknownString = sentinels.unknownStringValue;
export const unknownNumber = sentinels.unknownNumberValue;
export const unknownArray = sentinels.unknownArrayValue;
export const unknownObject = sentinels.unknownObjectValue;

export interface Violation {
    message: string;
    urn?: string;
}

/** A resource as a test writes it. */
export interface TestResource {
    type: string;
    props: Record<string, unknown>;
    /** Pulumi's resource name; defaults to metadata.name. */
    name?: string;
}

const opts: PolicyResourceOptions = {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
};

function nameOf(resource: TestResource): string {
    const metadata = resource.props.metadata as { name?: unknown } | undefined;
    return resource.name ?? (typeof metadata?.name === "string" ? metadata.name : "unnamed");
}

export function urnOf(resource: TestResource): string {
    return `urn:pulumi:test::llamastack::${resource.type}::${nameOf(resource)}`;
}

function notApplicable(reason?: string): never {
    throw new Error(`not applicable: ${reason ?? ""}`);
}

/**
 * The `args` of a resource policy call, with props behind the analyzer's proxy. `decoded` is the
 * object the proxy wraps: a fresh copy by default; the pack's server shares one per call among its
 * rules (policy/decodeOnce.ts), which a test passes here to call rules the same way.
 */
export function resourceArgs(resource: TestResource, config: Record<string, unknown> = {}, decoded: Record<string, unknown> = structuredClone(resource.props)): ResourceValidationArgs {
    const type = resource.type;
    const props = proxy.unknownCheckingProxy(decoded);
    return {
        type,
        props,
        urn: urnOf(resource),
        name: nameOf(resource),
        opts,
        stackTags: new Map(),
        isType: (cls) => (cls as unknown as { __pulumiType?: string }).__pulumiType === type,
        asType: () => undefined,
        getConfig: <T extends object>() => structuredClone(config) as T,
        notApplicable,
    };
}

/** Runs a resource policy's validation on one resource and returns the violation messages. */
export async function validate(
    policy: ResourceValidationPolicy,
    resource: TestResource,
    config: Record<string, unknown> = {},
    decoded?: Record<string, unknown>,
): Promise<string[]> {
    const messages: string[] = [];
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : policy.validateResource ? [policy.validateResource] : [];
    for (const validation of validations) {
        await validation(resourceArgs(resource, config, decoded), (message) => {
            messages.push(message);
        });
    }
    return messages;
}

/** Runs a resource policy's remediation and returns the new props as plain data (undefined: no change). */
export async function remediate(
    policy: ResourceValidationPolicy,
    resource: TestResource,
    config: Record<string, unknown> = {},
): Promise<Record<string, unknown> | undefined> {
    if (policy.remediateResource === undefined) {
        throw new Error(`${policy.name} has no remediation`);
    }
    const result = await policy.remediateResource(resourceArgs(resource, config));
    // The server serializes the result from behind the proxy (deserialize.js serializeProperty reads
    // its target, so unknown values travel back unchanged); a JSON round trip of the target does the same.
    const target = result ? ((result as Record<string, unknown>).__getSpecialProxyTarget ?? result) : undefined;
    return target ? (JSON.parse(JSON.stringify(target)) as Record<string, unknown>) : undefined;
}

/** Runs a stack policy over resources and returns the violations with their URNs (`decoded`: as in resourceArgs, one per resource). */
export async function validateStack(
    policy: StackValidationPolicy,
    resources: TestResource[],
    config: Record<string, unknown> = {},
    decoded?: Record<string, unknown>[],
): Promise<Violation[]> {
    const violations: Violation[] = [];
    const policyResources: PolicyResource[] = resources.map((resource, index) => ({
        type: resource.type,
        props: proxy.unknownCheckingProxy(decoded?.[index] ?? structuredClone(resource.props)),
        urn: urnOf(resource),
        name: nameOf(resource),
        opts,
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
    }));
    const args: StackValidationArgs = {
        resources: policyResources,
        stackTags: new Map(),
        getConfig: <T extends object>() => structuredClone(config) as T,
        notApplicable,
    };
    await policy.validateStack(args, (message, urn) => {
        violations.push({ message, ...(urn !== undefined ? { urn } : {}) });
    });
    return violations;
}
