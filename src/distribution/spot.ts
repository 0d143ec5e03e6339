import * as pulumi from "@pulumi/pulumi";
import { defaultSpotNodeSelector, defaultSpotToleration } from "../core/defaults";
import { zoneTopologyKey } from "./defaults";
import { Spot } from "./args";
import { checkLabels } from "../core/names";
import { rules } from "../core/rules";
import { checkTolerations, ResolvedToleration } from "./tolerations";
import { Problems, show } from "../core/validation";

/** `Spot` after every Output has resolved. */
export type ResolvedSpotArgs = pulumi.Unwrap<Spot>;

/** Whether a distribution runs on spot: `spot` given and not disabled. */
export function spotEnabled(spot: Spot | ResolvedSpotArgs | undefined): boolean {
    return spot !== undefined && (spot.enabled ?? true);
}

/** The spot nodes' labels, defaulted to the guide's `node-type: spot`. */
export function spotNodeSelector(spot: ResolvedSpotArgs): Record<string, string> {
    return { ...(spot.nodeSelector ?? defaultSpotNodeSelector) };
}

/** The spot taint's toleration, defaulted to the guide's `spot=true:NoSchedule`. */
export function spotToleration(spot: ResolvedSpotArgs): ResolvedToleration {
    return { ...((spot.toleration as ResolvedToleration | undefined) ?? defaultSpotToleration) };
}

/**
 * Spot rules: at least 2 replicas unless the pods may fall back to on-demand nodes (one reclaim
 * must not take the service down), and a spot selector that agrees with the `nodeSelector`.
 * Zero replicas (a parked distribution) is allowed: nothing runs to be reclaimed.
 */
export function checkSpot(problems: Problems, spot: ResolvedSpotArgs | undefined, replicas: unknown, nodeSelector: Record<string, string> | undefined): void {
    if (spot === undefined) {
        return;
    }
    if (spot.nodeSelector !== undefined) {
        checkLabels(problems, "spot.nodeSelector", spot.nodeSelector);
    }
    if (spot.toleration !== undefined) {
        // One toleration, not a list: report it as spot.toleration, not spot.toleration[0].
        const found = new Problems("");
        checkTolerations(found, "spot.toleration", [spot.toleration as ResolvedToleration]);
        for (const problem of found.list) {
            const text = problem.replace("spot.toleration[0]", "spot.toleration");
            const space = text.indexOf(" ");
            problems.add(text.slice(0, space), text.slice(space + 1));
        }
    }
    if (!spotEnabled(spot)) {
        return;
    }
    if (replicas === 1 && !spot.fallbackToOnDemand) {
        problems.add("replicas 1", `${rules.spotMinReplicas}; raise replicas or set spot.fallbackToOnDemand`);
    }
    if (!spot.fallbackToOnDemand) {
        for (const [key, value] of Object.entries(spotNodeSelector(spot))) {
            const given = nodeSelector?.[key];
            if (given !== undefined && given !== value) {
                problems.add(`spot.nodeSelector[${show(key)}] ${show(value)}`, `conflicts with nodeSelector[${show(key)}] ${show(given)}; no node can carry both`);
            }
        }
    }
}

/** How a spot distribution is placed, merged into the distribution's spec. */
export interface SpotPlacement {
    /** Hard node selector (without fallback). */
    nodeSelector?: Record<string, string>;
    /** The spot taint's toleration. */
    toleration: ResolvedToleration;
    /** Preferred node affinity for the spot nodes (with fallback). */
    affinity?: Record<string, unknown>;
    /** Zone spread of the replicas. */
    topologySpreadConstraints?: Record<string, unknown>[];
}

/**
 * Where a spot distribution's pods go. Without fallback, the spot labels become a hard node
 * selector; with fallback, a preferred node affinity, so pods run on on-demand nodes when no spot
 * node is left. Either way the pods tolerate the spot taint and spread across zones (best
 * effort: `ScheduleAnyway`, so a zone without capacity never blocks a replica).
 */
export function spotPlacement(spot: ResolvedSpotArgs, podSelector: Record<string, string> | undefined): SpotPlacement {
    const labels = spotNodeSelector(spot);
    const placement: SpotPlacement = { toleration: spotToleration(spot) };
    if (!spot.fallbackToOnDemand) {
        placement.nodeSelector = labels;
    } else if (Object.keys(labels).length > 0) {
        placement.affinity = {
            nodeAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                    {
                        weight: 100,
                        preference: {
                            matchExpressions: Object.entries(labels).map(([key, value]) => ({ key, operator: "In", values: [value] })),
                        },
                    },
                ],
            },
        };
    }
    if ((spot.zoneSpread ?? true) && podSelector !== undefined) {
        placement.topologySpreadConstraints = [
            {
                maxSkew: 1,
                topologyKey: zoneTopologyKey,
                whenUnsatisfiable: "ScheduleAnyway",
                labelSelector: { matchLabels: { ...podSelector } },
            },
        ];
    }
    return placement;
}
