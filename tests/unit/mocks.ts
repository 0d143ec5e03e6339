// Pulumi's own mocks: every resource registration is recorded so tests can read what the
// components would send to the Kubernetes provider.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import type { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { ValidationError } from "../../src/core/validation";

export interface RecordedResource {
    type: string;
    name: string;
    inputs: any;
}

export const recorded: RecordedResource[] = [];

pulumi.runtime.setMocks(
    {
        newResource(args: pulumi.runtime.MockResourceArgs) {
            recorded.push({ type: args.type, name: args.name, inputs: args.inputs });
            // Like the Kubernetes provider, name an object without metadata.name after its resource name plus a suffix.
            const metadata = args.inputs?.metadata;
            if (args.type.startsWith("kubernetes:") && metadata && typeof metadata === "object" && metadata.name === undefined) {
                return { id: `${args.name}-id`, state: { ...args.inputs, metadata: { ...metadata, name: `${args.name}-a1b2c3d4` } } };
            }
            return { id: `${args.name}-id`, state: args.inputs };
        },
        call(args: pulumi.runtime.MockCallArgs) {
            return args.inputs;
        },
    },
    "project",
    "stack",
    false,
);

/** URNs of the registered resources of one type and name (the mock monitor derives them from the parent chain). */
export function urnsOf(type: string, name: string): string[] {
    const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitor;
    return [...monitor.getRegisteredResources().keys()].filter((urn) => urn.endsWith(`${type}::${name}`));
}

/** Resolves an Output in a test. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

/** Waits until the registrations of the components made so far have been recorded. */
export async function settle(): Promise<void> {
    for (let i = 0; i < 5; i++) {
        await new Promise((resolve) => setImmediate(resolve));
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
}

/** The recorded resources of one type whose name starts with `prefix`. */
export function find(type: string, name: string): RecordedResource {
    const found = recorded.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) {
        throw new Error(`expected one ${type} named ${name}, found ${found.length}: ${recorded.map((r) => `${r.type} ${r.name}`).join(", ")}`);
    }
    return found[0];
}

/** Whether a resource of that type and name was registered. */
export function has(type: string, name: string): boolean {
    return recorded.some((r) => r.type === type && r.name === name);
}

/** The error a constructor threw, for asserting on its exact text. */
export function errorOf(make: () => unknown): Error {
    try {
        make();
    } catch (e) {
        return e as Error;
    }
    throw new Error("expected an error, none was thrown");
}

/** Asserts that `make` throws a ValidationError with exactly the `expected` message. */
export function rejects(make: () => unknown, expected: string): void {
    const error = errorOf(make);
    assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${error}`);
    assert.equal(error.message, expected);
}
