import Cabinet
import Dialogs
import Foundation
import Testing

/// Replays the script and mail fuzzers' corpora (`Fuzz/corpus/script/`, `Fuzz/corpus/mail/`: seeds and every
/// input that once crashed a harness) through the parsers in-process, so a fixed crash stays fixed.
struct HostileFuzzCorpusTests {
    static func inputs(_ harness: String) throws -> [(name: String, data: Data)] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Fuzz/corpus/\(harness)").standardized
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        return try names.map { ($0, try Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    @Test func theScriptParsersTakeEveryInputOfTheCorpus() throws {
        let inputs = try Self.inputs("script")
        #expect(inputs.count >= 9)
        var parsed = 0
        for (name, data) in inputs {
            let text = String(decoding: data, as: UTF8.self)
            let reader: ScriptParser.FileReader = { _ in data }
            for attempt in 0..<3 {
                do {
                    switch attempt {
                    case 0: _ = try ScriptParser.parse(text, path: "/fuzz/\(name)", readFile: reader)
                    case 1: _ = try ScriptParser.parse(file: "/fuzz/\(name)", readFile: reader)
                    default: _ = try BotiumReader.parse(text, path: "/fuzz/\(name).convo.txt", readFile: reader)
                    }
                    parsed += 1
                } catch {
                    #expect(!error.description.isEmpty, "\(name)")
                }
            }
            _ = BotiumReader.parseUtterances(text)
        }
        #expect(parsed > 0, "the seeds include valid scripts")
    }

    /// Found by the script fuzzer: a file including `sub/itself` nested without end (on disk: through a folder
    /// linked into itself), eating memory until the runner died.
    ///
    /// Now a cycle through a link is a cycle, and any other nesting stops at the depth limit with a clear error.
    @Test func includesThatNestWithoutEndStop() throws {
        let reader: ScriptParser.FileReader = { _ in Data("include sub/again.dialog\n".utf8) }
        #expect(throws: ScriptError.self) { try ScriptParser.parse(file: "/virtual/again.dialog", readFile: reader) }
        do {
            _ = try ScriptParser.parse(file: "/virtual/again.dialog", readFile: reader)
        } catch {
            #expect(
                error.problem
                    == .includeTooDeep(
                        "/virtual" + String(repeating: "/sub", count: ScriptParser.maximumIncludeDepth)
                            + "/again.dialog"))
        }
        let folder = crashTestFolder("include-loop")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("include sub/loop.dialog\n".utf8).write(to: folder.appendingPathComponent("loop.dialog"))
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("sub").path, withDestinationPath: ".")
        do {
            _ = try ScriptParser.parse(file: folder.appendingPathComponent("loop.dialog").path)
            Issue.record("a folder linked into itself was read without end")
        } catch {
            #expect(error.problem == .includeCycle(folder.appendingPathComponent("sub/loop.dialog").path))
        }
    }

    @Test func theMIMEParserTakesEveryInputOfTheCorpus() throws {
        let inputs = try Self.inputs("mail")
        #expect(inputs.count >= 9)
        let composer = MailComposer(
            domain: "educont.ru", timeZone: TimeZone(identifier: "Europe/Moscow")!,
            clock: { Date(timeIntervalSince1970: 1_777_533_300) }, makeUniqueID: { "fuzz-1" })
        for (name, data) in inputs {
            if let message = try? MailMessage.parse(data, maximumSize: 1 << 20) {
                _ = OutgoingMail.reply(to: message, from: MailAddress(address: "help@educont.ru"), body: "ok")
            }
            // The harness's round trip: the first line as a subject, the rest as a body, when both are plain.
            let text = String(decoding: data, as: UTF8.self)
            let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            let subject = String(parts.first ?? "")
            let body = parts.count > 1 ? String(parts[1]) : ""
            guard Self.isPlain(subject, newlines: false), Self.isPlain(body, newlines: true),
                subject == subject.trimmingCharacters(in: .whitespaces), !subject.contains("  ")
            else { continue }
            let mail = OutgoingMail(
                from: MailAddress(name: "Поддержка", address: "help@educont.ru"),
                to: [MailAddress(address: "school@example.ru")], subject: subject, body: body)
            let parsed = try MailMessage.parse(try composer.compose(mail).data)
            #expect(parsed.subject == subject, "\(name)")
            var trimmed = Substring(body).unicodeScalars
            while let last = trimmed.last, last.properties.isWhitespace { trimmed.removeLast() }
            #expect(parsed.textBody == String(trimmed), "\(name)")
        }
    }

    static func isPlain(_ text: String, newlines: Bool) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            if scalar == " " || (newlines && scalar == "\n") { return true }
            switch scalar.properties.generalCategory {
            case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
                .spaceSeparator:
                return false
            default:
                return true
            }
        }
    }
}
