// The checks of a ScheduledScaler's schedules: cron, time zone, bounds, names that fit.
import { cronProblem, timeZoneProblem } from "./cron";
import { isDns1123Label } from "../core/names";
import { rules } from "../core/rules";
import { isWholeNumber, Problems, show } from "../core/validation";
import { ResolvedSchedule } from "./args";
import { cronJobName } from "./scheduleSpec";

/** Job names add 11 characters to the CronJob's, and must stay within 63. */
const maxCronJobName = 52;

/**
 * Every rule on a list of schedules. `prefix` is how the caller names the list ("schedules");
 * `withHpa` says whether an HPA scales the target, which decides what a schedule may set.
 */
export function checkSchedules(problems: Problems, prefix: string, scalerName: string, schedules: ResolvedSchedule[], withHpa: boolean): void {
    const seen = new Set<string>();
    schedules.forEach((s, i) => {
        const at = `${prefix}[${i}]`;
        if (!isDns1123Label(s.name)) {
            problems.add(`${at}.name ${show(s.name)}`, rules.dns1123Label);
        } else if (cronJobName(scalerName, s.name).length > maxCronJobName) {
            const full = cronJobName(scalerName, s.name);
            problems.add(`${at}.name ${show(s.name)}`, `makes the CronJob name "${full}" (${full.length} characters); CronJob names must be at most ${maxCronJobName}`);
        }
        if (seen.has(s.name)) {
            problems.add(`${at}.name ${show(s.name)}`, "is used by an earlier schedule; names must be unique");
        }
        seen.add(s.name);

        const cron = typeof s.schedule === "string" ? cronProblem(s.schedule) : "is not text";
        if (cron) {
            problems.add(`${at}.schedule ${show(s.schedule)}`, `is not a valid cron schedule: ${cron}`);
        }
        if (s.timeZone !== undefined) {
            const zone = timeZoneProblem(s.timeZone);
            if (zone) {
                problems.add(`${at}.timeZone ${show(s.timeZone)}`, zone);
            }
        }

        const hasReplicas = s.replicas !== undefined;
        const hasBounds = s.minReplicas !== undefined || s.maxReplicas !== undefined;
        if (hasReplicas && hasBounds) {
            problems.add(
                at,
                "sets both replicas and HPA bounds (minReplicas/maxReplicas): replicas patches the distribution, the bounds patch its HPA; set replicas without an HPA, the bounds with one",
            );
            return;
        }
        if (!hasReplicas && !hasBounds) {
            problems.add(at, withHpa ? "sets nothing: give minReplicas and maxReplicas" : "sets nothing: give replicas");
            return;
        }
        if (hasReplicas) {
            if (withHpa) {
                problems.add(
                    `${at}.replicas ${show(s.replicas)}`,
                    "would be undone by the HorizontalPodAutoscaler within seconds; with an HPA, schedules set minReplicas and maxReplicas",
                );
            } else {
                problems.check(isWholeNumber(s.replicas, 0), `${at}.replicas ${show(s.replicas)}`, rules.nonNegativeInteger);
            }
            return;
        }
        if (!withHpa) {
            problems.add(at, "sets minReplicas/maxReplicas, but no HorizontalPodAutoscaler scales the distribution; set replicas instead");
            return;
        }
        if (s.minReplicas === undefined || s.maxReplicas === undefined) {
            problems.add(at, "must set both minReplicas and maxReplicas, so the range after it never depends on which schedule ran before");
            return;
        }
        const minOk = isWholeNumber(s.minReplicas, 1);
        const maxOk = isWholeNumber(s.maxReplicas, 1);
        problems.check(minOk, `${at}.minReplicas ${show(s.minReplicas)}`, rules.minReplicas);
        problems.check(maxOk, `${at}.maxReplicas ${show(s.maxReplicas)}`, rules.minReplicas);
        if (minOk && maxOk && s.minReplicas > s.maxReplicas) {
            problems.add(`${at}.minReplicas ${s.minReplicas}`, `${rules.minNotAboveMax} ${at}.maxReplicas ${s.maxReplicas}`);
        }
    });
}
