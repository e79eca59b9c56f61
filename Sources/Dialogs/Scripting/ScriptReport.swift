import BotCore
import Foundation

/// A line of a script that did not hold: what it expected and what came instead.
public struct ScriptFailure: Equatable, Sendable {
    /// Where the line is.
    public var location: ScriptLocation
    /// The line as written.
    public var line: String
    /// What was expected, in words (one or more lines).
    public var expected: [String]
    /// What came, in words (one or more lines).
    public var came: [String]
    /// A line diff, `- expected` / `+ came`, when one helps.
    public var diff: [String]

    /// A failure.
    public init(location: ScriptLocation, line: String, expected: [String], came: [String], diff: [String] = []) {
        self.location = location
        self.line = line
        self.expected = expected
        self.came = came
        self.diff = diff
    }
}

/// How one script went.
public struct ScriptResult: Sendable {
    /// Passed, failed at some lines, or could not run because of a mistake in the script.
    public enum Outcome: Sendable {
        case passed
        case failed([ScriptFailure])
        case broken(ScriptError)
    }

    /// The script's file.
    public var path: String
    /// How it went.
    public var outcome: Outcome
    /// Optional (`<?`) lines that did not hold: reported, never failing.
    public var notes: [ScriptFailure]
    /// How long it took.
    public var duration: TimeInterval

    /// A result.
    public init(path: String, outcome: Outcome, notes: [ScriptFailure] = [], duration: TimeInterval = 0) {
        self.path = path
        self.outcome = outcome
        self.notes = notes
        self.duration = duration
    }

    /// Whether every line held.
    public var isPassed: Bool {
        if case .passed = outcome { return true }
        return false
    }

    /// The failures, or the script error as one, for callers that want a flat list.
    public var failures: [ScriptFailure] {
        switch outcome {
        case .passed: []
        case .failed(let failures): failures
        case .broken(let error):
            [
                ScriptFailure(
                    location: error.location ?? ScriptLocation(file: path, line: 0), line: "", expected: [],
                    came: [error.problem.description])
            ]
        }
    }
}

/// Renders results for people: `ok` or `FAIL` per script, and for a failure the line, what was expected,
/// what came and a diff.
public enum ScriptReporter {
    /// The report of one script, without a trailing line end.
    public static func text(_ result: ScriptResult) -> String {
        let milliseconds = Int((result.duration * 1000).rounded())
        var lines: [String] = []
        switch result.outcome {
        case .passed:
            lines.append("ok   \(result.path) (\(milliseconds) ms)")
        case .failed(let failures):
            lines.append("FAIL \(result.path) (\(milliseconds) ms)")
            for (index, failure) in failures.enumerated() {
                var shown = failure
                if index > 0, failures[index - 1].came == failure.came, !failure.came.isEmpty {
                    shown.came = ["the same as above"]
                }
                lines.append(contentsOf: describe(shown, indent: "  "))
            }
        case .broken(let error):
            lines.append("FAIL \(result.path)")
            if let location = error.location {
                lines.append("  \(location): error in the script: \(error.problem)")
            } else {
                lines.append("  \(error.problem)")
            }
        }
        for note in result.notes {
            lines.append("  note: an optional line did not hold")
            lines.append(contentsOf: describe(note, indent: "    "))
        }
        return lines.joined(separator: "\n")
    }

    /// The last line of a run: `N passed, N failed`.
    public static func summary(_ results: [ScriptResult]) -> String {
        let passed = results.filter(\.isPassed).count
        return "\(passed) passed, \(results.count - passed) failed"
    }

    /// A failure as indented lines.
    public static func describe(_ failure: ScriptFailure, indent: String) -> [String] {
        var lines = ["\(indent)\(failure.location): \(failure.line)"]
        if !failure.expected.isEmpty {
            lines.append("\(indent)  expected: " + failure.expected[0])
            lines.append(contentsOf: failure.expected.dropFirst().map { "\(indent)    \($0)" })
        }
        if !failure.came.isEmpty {
            lines.append("\(indent)  came: " + failure.came[0])
            lines.append(contentsOf: failure.came.dropFirst().map { "\(indent)    \($0)" })
        }
        if !failure.diff.isEmpty {
            lines.append("\(indent)  diff (- expected, + came):")
            lines.append(contentsOf: failure.diff.map { "\(indent)    \($0)" })
        }
        return lines
    }

    /// A turn or push as lines: meta, then each message's text, buttons, input and table.
    public static func describe(_ line: ServerLine) -> [String] {
        if line.type == "error" {
            return ["error \(line.code ?? "?"): \(line.message ?? "")"]
        }
        var lines: [String] = []
        if line.type == "turn" {
            var meta = "dialog \(line.dialog ?? "?"), step \(line.step ?? "?")"
            if line.duplicate { meta += ", duplicate" }
            lines.append(meta)
        }
        lines.append(contentsOf: describe(line.messages))
        return lines
    }

    /// Messages as lines, numbered when there are several.
    public static func describe(_ messages: [OutMessage]) -> [String] {
        if messages.isEmpty { return ["no messages"] }
        var lines: [String] = []
        for (index, message) in messages.enumerated() {
            let indent = messages.count > 1 ? "  " : ""
            if messages.count > 1 { lines.append("message \(index + 1):") }
            lines.append(
                contentsOf: message.text.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { "\(indent)| \($0)" })
            let buttons = (message.buttons ?? []).map { row in row.map { "[\($0)]" }.joined(separator: " ") }
            if !buttons.isEmpty {
                lines.append("\(indent)buttons: " + buttons.joined(separator: " / "))
            }
            if let input = message.input { lines.append("\(indent)input: \(input.rawValue)") }
        }
        return lines
    }
}
