// Several informers of one kind (one per served namespace) seen as one: a cache read looks in each,
// the group is synced once every member is, and it runs and stops them together.
import { Informer, KubeObject } from "./informer";

export class InformerGroup<T extends KubeObject> {
    constructor(
        /** The members; their collections must not overlap (distinct namespaces, or one for the whole cluster). */
        readonly members: readonly Informer<T>[],
    ) {}

    /** The cached object of a `namespace/name` key, from whichever member holds it. */
    get(key: string): T | undefined {
        for (const member of this.members) {
            const found = member.get(key);
            if (found !== undefined) {
                return found;
            }
        }
        return undefined;
    }

    list(): T[] {
        return this.members.flatMap((member) => member.list());
    }

    /** True once every member's first list filled its cache. */
    get hasSynced(): boolean {
        return this.members.every((member) => member.hasSynced);
    }

    /** Runs every member until stopped. */
    async run(): Promise<void> {
        await Promise.all(this.members.map((member) => member.run()));
    }

    stop(): void {
        this.members.forEach((member) => member.stop());
    }
}
