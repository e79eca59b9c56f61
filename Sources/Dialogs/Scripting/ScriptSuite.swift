import Foundation
import Synchronization

/// Finds scripts in files and folders and runs many at once, reporting each in the order found.
public enum ScriptSuite {
    /// Whether a file name is a script's: `.dialog`, or a Botium `.convo.txt`.
    public static func isScript(_ name: String) -> Bool {
        name.hasSuffix(".dialog") || name.hasSuffix(".convo.txt")
    }

    /// Whether a folder search skips the file: names starting with `_` are for `include` only.
    public static func isIncludeOnly(_ name: String) -> Bool {
        name.hasPrefix("_")
    }

    /// The scripts `paths` name: files as given; folders searched through, sorted, skipping `_` files.
    ///
    /// Returns the scripts and the paths that do not exist.
    public static func discover(_ paths: [String]) -> (scripts: [String], missing: [String]) {
        var scripts: [String] = []
        var missing: [String] = []
        let files = FileManager.default
        for path in paths {
            var isFolder: ObjCBool = false
            guard files.fileExists(atPath: path, isDirectory: &isFolder) else {
                missing.append(path)
                continue
            }
            guard isFolder.boolValue else {
                scripts.append(path)
                continue
            }
            let found = ((try? files.subpathsOfDirectory(atPath: path)) ?? [])
                .filter { subpath in
                    let name = (subpath as NSString).lastPathComponent
                    return isScript(name) && !subpath.split(separator: "/").contains { isIncludeOnly(String($0)) }
                }
                .sorted()
                .map { (path as NSString).appendingPathComponent($0) }
            scripts.append(contentsOf: found)
        }
        return (scripts, missing)
    }

    /// Reads a script by its kind: Botium for `.convo.txt`, the `.dialog` format otherwise.
    public static func load(_ path: String, readFile: @escaping ScriptParser.FileReader = ScriptParser.diskReader)
        throws(ScriptError) -> DialogueScript
    {
        if path.hasSuffix(".convo.txt") {
            return try BotiumReader.read(file: path, readFile: readFile)
        }
        return try ScriptParser.parse(file: path, readFile: readFile)
    }

    /// Runs the scripts at `paths` on up to `threads` threads; `report` gets each result in the order of `paths`
    /// (as soon as it and those before it are done).
    ///
    /// Returns the results in that order.
    public static func run(
        _ paths: [String], runner: ScriptRunner = ScriptRunner(),
        threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        report: @escaping @Sendable (ScriptResult) -> Void = { _ in }
    ) -> [ScriptResult] {
        parallel(paths.count, threads: threads, report: report) { runner.run(file: paths[$0]) }
    }

    /// Runs parsed scripts as ``run(_:runner:threads:report:)`` runs files.
    public static func run(
        scripts: [DialogueScript], runner: ScriptRunner = ScriptRunner(),
        threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        report: @escaping @Sendable (ScriptResult) -> Void = { _ in }
    ) -> [ScriptResult] {
        parallel(scripts.count, threads: threads, report: report) { runner.run(scripts[$0]) }
    }

    /// Runs `work` for `0..<count` on up to `threads` threads, each index once.
    private static func parallel(
        _ count: Int, threads: Int, report: @escaping @Sendable (ScriptResult) -> Void,
        work: @Sendable (Int) -> ScriptResult
    ) -> [ScriptResult] {
        let progress = Progress(count: count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, count))) { _ in
            while let index = progress.claim() {
                progress.finish(index, work(index), report: report)
            }
        }
        return progress.results
    }

    /// The shared state of a parallel run.
    private final class Progress: Sendable {
        private struct State {
            var next = 0
            var reported = 0
            var results: [ScriptResult?]
        }

        private let state: Mutex<State>
        private let count: Int

        init(count: Int) {
            self.count = count
            state = Mutex(State(results: Array(repeating: nil, count: count)))
        }

        /// The next script to run, if any is left.
        func claim() -> Int? {
            state.withLock { state in
                guard state.next < count else { return nil }
                defer { state.next += 1 }
                return state.next
            }
        }

        /// Records a result and reports every result that is now next in order.
        func finish(_ index: Int, _ result: ScriptResult, report: @Sendable (ScriptResult) -> Void) {
            state.withLock { state in
                state.results[index] = result
                while state.reported < count, let ready = state.results[state.reported] {
                    report(ready)
                    state.reported += 1
                }
            }
        }

        var results: [ScriptResult] {
            state.withLock { $0.results.compactMap { $0 } }
        }
    }
}
