// What BlueGreen and Canary share: the arguments of one track, the labels that tie tracks to the
// rollout's one Service, and checking a track's arguments in the rollout's own error messages.
import * as pulumi from "@pulumi/pulumi";
import { defaultContainerPort } from "../distribution/defaults";
import { DistributionArgs, Service } from "../distribution/args";
import { checkDistributionArgs, ResolvedDistributionArgs } from "../distribution/distributionSpec";
import { checkDns1123Label } from "../core/names";
import { Problems, show } from "../core/validation";
import { ResolvedTrackArgs, RolloutTrack } from "./args";
import { Tls } from "../distribution/tls";
import { trackTls } from "../distribution/tlsResources";

// Written out rather than `Omit<DistributionArgs, ...>`, which schema inference cannot read (it
// would type every field as Any and drop the docs). This fails to compile when the two drift.
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false;
type Assignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const trackArgsFollowDistributionArgs: SameKeys<RolloutTrack, Omit<DistributionArgs, "namespace" | "service" | "tls">> &
    Assignable<RolloutTrack, Omit<DistributionArgs, "namespace" | "service" | "tls">> = true;
void trackArgsFollowDistributionArgs;

/** Pod label naming the rollout a pod belongs to; the rollout's Service selects on it. */
export const rolloutLabel = "llamastack.io/rollout";
/** Pod label naming a BlueGreen pod's colour; the Service also selects on it. */
export const colorLabel = "llamastack.io/color";
/** Pod label naming a Canary pod's track, as in the guide; the controller sets it from `version`. */
export const trackLabel = "version";

/** Labels every pod of a rollout carries, whatever its track. */
export function rolloutLabels(rolloutName: string): Record<string, string> {
    return { [rolloutLabel]: rolloutName };
}

/** A `Problems` that names a track's fields after the track, e.g. `blue.replicas`. */
export class TrackProblems extends Problems {
    constructor(
        private readonly outer: Problems,
        private readonly track: string,
    ) {
        super("");
    }

    override add(field: string, rule: string): void {
        this.outer.add(`${this.track}.${field}`, rule);
    }
}

/**
 * Checks a track with every rule of `Distribution`, reported as the rollout's errors with the
 * track's name in front of each field, plus the rollout's own rules: labels the rollout sets
 * are not the user's to set, and the namespace is set once on the rollout.
 */
export function checkTrack(
    problems: Problems,
    track: string,
    childName: string,
    args: ResolvedTrackArgs,
    reservedLabels: Record<string, string>,
    namespace: string | undefined,
): void {
    const trackProblems = new TrackProblems(problems, track);
    checkDistributionArgs(trackProblems, childName, args as ResolvedDistributionArgs);
    for (const [key, value] of Object.entries(reservedLabels)) {
        const given = args.podLabels?.[key];
        if (given !== undefined && given !== value) {
            problems.add(`${track}.podLabels["${key}"] ${show(given)}`, `is reserved: the rollout sets it to ${show(value)} to select the track's pods`);
        }
    }
    // Not in the type, but JavaScript callers and untyped programs can still pass them.
    const untyped = args as { namespace?: unknown; service?: unknown };
    if (untyped.namespace !== undefined && untyped.namespace !== namespace) {
        problems.add(
            `${track}.namespace ${show(untyped.namespace)}`,
            `differs from the rollout's namespace ${show(namespace ?? "(the provider's)")}: a Service selects pods in its own namespace only, so set namespace once on the rollout`,
        );
    }
    if (untyped.service !== undefined) {
        problems.add(`${track}.service`, "must not be set: the rollout makes one Service for all its tracks; set service on the rollout");
    }
    if ((args as { tls?: unknown }).tls !== undefined) {
        problems.add(`${track}.tls`, "must not be set: the rollout's one Service has one certificate; set tls on the rollout");
    }
}

/** The container port a track listens on. */
export function trackPort(args: ResolvedTrackArgs): number {
    return args.port ?? defaultContainerPort;
}

/**
 * The Distribution arguments of one track: the track's own, the rollout's namespace, pod labels
 * that include the rollout's (computed by the caller after its checks), no Service of its own, and
 * the rollout's certificate to serve.
 */
export function trackDistributionArgs(
    track: RolloutTrack,
    rollout: { name: string; namespace: pulumi.Input<string> | undefined; tls: Tls | undefined },
    podLabels: pulumi.Input<{ [key: string]: string }>,
    overrides: Partial<DistributionArgs>,
): DistributionArgs {
    return {
        ...track,
        ...overrides,
        namespace: rollout.namespace,
        podLabels,
        // The rollout's Service selects the tracks; a Service per track would split nothing, and
        // the tracks serve the one certificate made for it.
        service: { enabled: false },
        tls: trackTls(rollout.name, rollout.tls),
    };
}

/** Checks the rollout's namespace, once for all its tracks. */
export function checkNamespace(problems: Problems, namespace: string | undefined): void {
    if (namespace !== undefined) {
        checkDns1123Label(problems, "namespace", namespace);
    }
}

/** Checks the rollout's `service` argument with the same rules and words as `Distribution`. */
export function checkServiceArgs(problems: Problems, service: pulumi.Unwrap<Service> | undefined): void {
    if (service === undefined) {
        return;
    }
    // The Distribution rules on a minimal distribution; only the service's findings are kept.
    const serviceOnly = new ServiceProblems(problems);
    checkDistributionArgs(serviceOnly, "service", { image: "image", service } as ResolvedDistributionArgs);
}

class ServiceProblems extends Problems {
    constructor(private readonly outer: Problems) {
        super("");
    }

    override add(field: string, rule: string): void {
        if (field.startsWith("service.")) {
            this.outer.add(field, rule);
        }
    }
}
