// The selectors and traffic weights of a canary rollout, kept free of Pulumi.
import { isPercent, percentRule } from "./canarySplit";
import { rolloutLabels, trackLabel } from "./rollout";

/** The two tracks of a canary rollout, in a fixed order. */
export const canaryTracks = ["stable", "canary"] as const;
/** `stable` or `canary`. */
export type CanaryTrack = (typeof canaryTracks)[number];

/** Labels the rollout adds to every pod of both tracks (the controller adds `version: <track>`). */
export function trackPodLabels(rolloutName: string): Record<string, string> {
    return rolloutLabels(rolloutName);
}

/** The rollout Service's selector: every pod of both tracks, so replicas decide the split. */
export function canarySelector(rolloutName: string): Record<string, string> {
    return rolloutLabels(rolloutName);
}

/** The selector of one track's own Service (for the Gateway API route): its track only. */
export function trackSelector(rolloutName: string, track: CanaryTrack): Record<string, string> {
    return { ...rolloutLabels(rolloutName), [trackLabel]: track };
}

/** The total of the route's weights: basis points, so that 12.5% is 1250 exactly. */
export const weightTotal = 10000;

/** The route's weights for each track: `canaryPercent` of `weightTotal` to the canary, the rest to stable. */
export function routeWeights(canaryPercent: number): Record<CanaryTrack, number> {
    if (!isPercent(canaryPercent)) {
        throw new RangeError(`canaryPercent ${canaryPercent} ${percentRule}`);
    }
    const canary = Math.round((canaryPercent * weightTotal) / 100);
    return { stable: weightTotal - canary, canary };
}

/** The `spec` of one track's ClusterIP Service, a backend of the route. */
export function buildTrackServiceSpec(rolloutName: string, track: CanaryTrack, port: number, targetPort: number, tls = false): Record<string, unknown> {
    return {
        type: "ClusterIP",
        selector: trackSelector(rolloutName, track),
        ports: [{ name: tls ? "https" : "http", port, targetPort, protocol: "TCP" }],
    };
}

/** The resolved `GatewayRoute`. */
export interface ResolvedGatewayRoute {
    gatewayName: string;
    gatewayNamespace?: string;
    sectionName?: string;
    hostnames?: string[];
}

/**
 * The `spec` of a Gateway API `HTTPRoute` that sends `canaryPercent` of the requests to the
 * canary track's Service and the rest to the stable track's, exactly.
 * @see https://gateway-api.sigs.k8s.io/api-types/httproute/
 */
export function buildCanaryRouteSpec(
    route: ResolvedGatewayRoute,
    canaryPercent: number,
    services: Record<CanaryTrack, string>,
    port: number,
): Record<string, unknown> {
    const parentRef: Record<string, unknown> = { group: "gateway.networking.k8s.io", kind: "Gateway", name: route.gatewayName };
    if (route.gatewayNamespace !== undefined) {
        parentRef.namespace = route.gatewayNamespace;
    }
    if (route.sectionName !== undefined) {
        parentRef.sectionName = route.sectionName;
    }
    const weights = routeWeights(canaryPercent);
    const spec: Record<string, unknown> = {
        parentRefs: [parentRef],
        rules: [
            {
                backendRefs: canaryTracks.map((track) => ({ kind: "Service", name: services[track], port, weight: weights[track] })),
            },
        ],
    };
    if (route.hostnames && route.hostnames.length > 0) {
        spec.hostnames = route.hostnames;
    }
    return spec;
}
