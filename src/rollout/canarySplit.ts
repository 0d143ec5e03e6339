// The replica arithmetic of a canary rollout, kept free of Pulumi so it can be tested exhaustively.
//
// With one Service over both tracks, Kubernetes spreads requests over ready pods, so the canary's
// share of traffic is its share of replicas. The split follows four rules, in this order:
//
//   1. `canaryPercent` 0 (abort) gives the canary no replicas; 100 (promote) gives it all of them.
//   2. Otherwise the canary gets round(total × percent / 100) replicas, halves rounding up
//      (toward the canary): 10 at 10% → 1, 5 at 10% → 1 (0.5), 3 at 50% → 2 (1.5).
//   3. A canary between 0% and 100% always runs at least one replica, so that a small
//      percentage of a small total still tests something (20 at 1% → 1, not 0).
//   4. The stable track keeps at least one replica while the canary is below 100%
//      (2 at 99% → 1 + 1, not 0 + 2).
//
// Rules 3 and 4 cannot both hold for a total of 1 between 0% and 100%; the split then gives the
// one replica to the canary (rule 3) and `splitProblem` reports it, so components reject it.
// A total of 0 gives 0 + 0 at any percentage: the whole rollout is scaled to zero.

/** Replicas of each track of a canary rollout. */
export interface ReplicaSplit {
    /** Replicas of the stable track. */
    stable: number;
    /** Replicas of the canary track. */
    canary: number;
}

/** Minimum and maximum replicas of one track, when an autoscaler sizes the rollout. */
export interface ReplicaBounds {
    minReplicas: number;
    maxReplicas: number;
}

/** Autoscaling bounds of each track of a canary rollout. */
export interface BoundsSplit {
    stable: ReplicaBounds;
    canary: ReplicaBounds;
}

/** The rule text for a percentage outside 0–100. */
export const percentRule = "must be a number from 0 to 100";

/** True for a percentage the split accepts: a finite number from 0 to 100. */
export function isPercent(percent: unknown): percent is number {
    return typeof percent === "number" && Number.isFinite(percent) && percent >= 0 && percent <= 100;
}

/** True for a replica count: a whole number of at least 0. */
export function isReplicaCount(total: unknown): total is number {
    return typeof total === "number" && Number.isSafeInteger(total) && total >= 0;
}

/**
 * Splits `total` replicas between the stable and the canary track so that the canary gets
 * `percent` percent of them, by the rules at the top of this file. `stable + canary == total`
 * always holds. Throws a RangeError for a total or percentage outside the domain; components
 * validate both first and never reach it.
 */
export function splitReplicas(total: number, percent: number): ReplicaSplit {
    if (!isReplicaCount(total)) {
        throw new RangeError(`total ${total} must be a whole number greater than or equal to 0`);
    }
    if (!isPercent(percent)) {
        throw new RangeError(`percent ${percent} ${percentRule}`);
    }
    if (percent === 0 || total === 0) {
        return { stable: total, canary: 0 };
    }
    if (percent === 100) {
        return { stable: 0, canary: total };
    }
    const nearest = Math.floor((total * percent) / 100 + 0.5);
    const canary = Math.max(1, Math.min(total - 1, nearest));
    return { stable: total - canary, canary };
}

/**
 * Why a split cannot be used, or undefined when it can: the stable track would have no replicas
 * while the canary is below 100%, so the canary would take all traffic without being promoted.
 */
export function splitProblem(total: number, percent: number): string | undefined {
    if (!isReplicaCount(total) || !isPercent(percent) || percent === 0 || percent === 100) {
        return undefined;
    }
    const split = splitReplicas(total, percent);
    if (split.stable === 0 && total > 0) {
        return `would leave the stable track with 0 replicas while the canary is below 100%; give at least 2 replicas, or set canaryPercent to 100 to promote the canary`;
    }
    return undefined;
}

/**
 * Splits autoscaling bounds the same way as a replica count: each track's minimum is the split of
 * `minReplicas`, its maximum the split of `maxReplicas`, so each track's autoscaler keeps the
 * rollout's ratio at both ends. A track with a maximum of 0 needs no autoscaler (abort or
 * promote). For each track `minReplicas <= maxReplicas` holds whenever `min <= max`.
 */
export function splitReplicaBounds(minReplicas: number, maxReplicas: number, percent: number): BoundsSplit {
    if (minReplicas > maxReplicas) {
        throw new RangeError(`minReplicas ${minReplicas} must not exceed maxReplicas ${maxReplicas}`);
    }
    const low = splitReplicas(minReplicas, percent);
    const high = splitReplicas(maxReplicas, percent);
    return {
        stable: { minReplicas: low.stable, maxReplicas: high.stable },
        canary: { minReplicas: low.canary, maxReplicas: high.canary },
    };
}

/**
 * Why split bounds cannot be used, or undefined when they can: a HorizontalPodAutoscaler needs
 * `minReplicas` of at least 1, so both running tracks need a minimum of at least 1, which takes
 * a rollout minimum of at least 2 between 0% and 100%.
 */
export function boundsSplitProblem(minReplicas: number, maxReplicas: number, percent: number): string | undefined {
    if (!isReplicaCount(minReplicas) || !isReplicaCount(maxReplicas) || minReplicas > maxReplicas || !isPercent(percent)) {
        return undefined;
    }
    if (percent === 0 || percent === 100) {
        return minReplicas >= 1 ? undefined : "must be at least 1 for a HorizontalPodAutoscaler";
    }
    const split = splitReplicaBounds(minReplicas, maxReplicas, percent);
    if (split.stable.minReplicas < 1 || split.canary.minReplicas < 1) {
        return `leaves a track with minReplicas 0 at canaryPercent ${percent} (stable ${split.stable.minReplicas}, canary ${split.canary.minReplicas}); a HorizontalPodAutoscaler needs at least 1, so give minReplicas at least 2`;
    }
    return undefined;
}
