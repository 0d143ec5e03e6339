import { defaultMinReplicas } from "../autoscaling/defaults";
import { DistributionArgs } from "./args";
import { defaultReplicasFor, ResolvedDistributionArgs } from "./distributionSpec";
import { checkAutoscaling } from "../autoscaling/hpaChecks";
import { rules } from "../core/rules";
import { checkSchedules } from "../autoscaling/scheduleChecks";
import { spotEnabled } from "./spot";
import { Problems, show } from "../core/validation";
import { checkVerticalAutoscaling, checkVpaAgainstHpa } from "../autoscaling/vpaChecks";

/**
 * The rules on a distribution's `autoscaling`, `verticalAutoscaling` and `schedules`, alone and
 * together: an HPA owns the replica count, a VPA must not fight it, schedules change what the
 * HPA (or, without one, the distribution) is allowed to run.
 */
export function checkDistributionAutoscaling(problems: Problems, name: string, args: ResolvedDistributionArgs): void {
    const hpa = args.autoscaling;
    if (hpa !== undefined) {
        if (args.replicas !== undefined) {
            problems.add(`replicas ${show(args.replicas)}`, `conflicts with autoscaling: ${rules.replicasWithAutoscaling}`);
        }
        checkAutoscaling(problems, "autoscaling.", hpa);
        // On spot, the HPA's floor is what survives a reclaim: the same rule as for fixed replicas.
        const minReplicas = hpa.minReplicas ?? defaultMinReplicas;
        if (spotEnabled(args.spot) && !args.spot!.fallbackToOnDemand && minReplicas === 1) {
            problems.add("autoscaling.minReplicas 1", `${rules.spotMinReplicas}; raise it or set spot.fallbackToOnDemand`);
        }
    }
    if (args.verticalAutoscaling !== undefined) {
        checkVerticalAutoscaling(problems, "verticalAutoscaling.", args.verticalAutoscaling);
        if (hpa !== undefined) {
            checkVpaAgainstHpa(problems, "verticalAutoscaling.", args.verticalAutoscaling, "autoscaling.", hpa);
        }
    }
    if (args.schedules !== undefined) {
        checkSchedules(problems, "schedules", name, args.schedules, hpa !== undefined);
    }
}

/**
 * The most replicas a distribution can run: the HPA's maximum, or the replicas and every
 * schedule's count. Unknown values count as many, so a disruption budget is made.
 */
export function mostReplicas(args: DistributionArgs): number {
    const counts: unknown[] = args.autoscaling
        ? [args.autoscaling.maxReplicas]
        : [args.replicas ?? defaultReplicasFor({ spot: args.spot as ResolvedDistributionArgs["spot"] })];
    for (const s of args.schedules ?? []) {
        counts.push(...[s.replicas, s.maxReplicas].filter((c) => c !== undefined));
    }
    return Math.max(...counts.map((c) => (typeof c === "number" ? c : Infinity)));
}
