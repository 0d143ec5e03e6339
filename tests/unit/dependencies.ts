// Records which resources each registration waits for (its `dependsOn`, with components expanded
// to their children), which Pulumi's mocks do not report. Only the rollout tests read it.
import * as pulumi from "@pulumi/pulumi";
import "./mocks";

const dependencies = new Map<string, string[]>();

// The mock monitor is the one `setMocks` installed in ./mocks; wrap its registration call.
const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(req: { getType(): string; getName(): string; getDependenciesList(): string[] }, callback: unknown): unknown;
};
const register = monitor.registerResource.bind(monitor);
monitor.registerResource = (req, callback) => {
    dependencies.set(`${req.getType()} ${req.getName()}`, req.getDependenciesList());
    return register(req, callback);
};

/** The `<type>::<name>` ends of the URNs a resource was registered as depending on. */
export function dependenciesOf(type: string, name: string): string[] {
    const urns = dependencies.get(`${type} ${name}`);
    if (urns === undefined) {
        throw new Error(`no registration of ${type} ${name}`);
    }
    return urns.map((urn) => {
        const parts = urn.split("::");
        const types = parts[parts.length - 2].split("$");
        return `${types[types.length - 1]}::${parts[parts.length - 1]}`;
    });
}
