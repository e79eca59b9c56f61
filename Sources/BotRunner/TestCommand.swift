import Dialogs
import Foundation

/// `botrunner test PATH...`: runs scripted dialogues (files or folders) in parallel, each on a fresh database.
///
/// Prints `ok` or `FAIL` per script (for a failure: the script line, what was expected, what came, a diff), then
/// `N passed, N failed` as the last line; exits 1 when any script failed.
enum TestCommand {
    static func run(_ words: [String]) throws -> Int32 {
        let arguments = try Arguments(words, switches: [])
        try arguments.allowOnly(["jobs"])
        guard !arguments.positional.isEmpty else {
            throw UsageError("test needs one or more script files or folders: botrunner test PATH...")
        }
        var threads = ProcessInfo.processInfo.activeProcessorCount
        if let jobs = arguments.value("jobs") {
            guard let count = Int(jobs), count >= 1 else { throw UsageError("--jobs takes a number from 1") }
            threads = count
        }
        let (scripts, missing) = ScriptSuite.discover(arguments.positional)
        var results = missing.map { path in
            ScriptResult(path: path, outcome: .broken(ScriptError(.unreadableFile(path), at: nil)))
        }
        for result in results {
            print(ScriptReporter.text(result))
        }
        if scripts.isEmpty && missing.isEmpty {
            printError(
                "botrunner: no scripts (*.dialog, *.convo.txt) in \(arguments.positional.joined(separator: " "))")
        }
        results += ScriptSuite.run(scripts, threads: threads) { result in
            print(ScriptReporter.text(result))
        }
        print(ScriptReporter.summary(results))
        let failed = results.contains { !$0.isPassed }
        return failed || results.isEmpty ? 1 : 0
    }
}
