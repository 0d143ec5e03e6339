import * as fs from "fs";
import * as path from "path";

/**
 * The folder holding the package's package.json: the nearest one above `start`. The same answer
 * from the TypeScript source (ts-node) and from the compiled `bin/`, at any folder depth, so a
 * file can move without its paths to `crds/` and `controller/dist/` breaking.
 */
export function findPackageRoot(start: string): string {
    for (let dir = start; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "package.json"))) {
            return dir;
        }
        if (path.dirname(dir) === dir) {
            throw new Error(`no package.json above ${start}`);
        }
    }
}

/** The package's root folder (where `crds/`, `controller/dist/` and `bin/` are). */
export const packageRoot = findPackageRoot(__dirname);
