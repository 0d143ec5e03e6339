// `render.ts <count> <namespace>`: the benchmark fleet as YAML for `kubectl apply --server-side -f -`,
// from the same build functions the Distribution component uses.
import { stringify } from "yaml";
import { fleetManifests } from "./programs/fleet";

const [count, namespace] = [Number(process.argv[2]), process.argv[3]];
process.stdout.write(fleetManifests(count, namespace).map((o) => stringify(o)).join("---\n"));
