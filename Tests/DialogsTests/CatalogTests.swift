import BotCore
import Dialogs
import Foundation
import Testing

@Suite struct CatalogTests {
    let catalog = Texts.catalog

    @Test func bothCatalogsHaveEveryKey() {
        let keys = Set(L.allCases.map(\.rawValue)).union(CoreText.allCases.map(\.rawValue))
        for language in Language.allCases {
            let missing = keys.subtracting(catalog.keys(for: language)).sorted()
            #expect(missing.isEmpty, "\(language) lacks \(missing)")
        }
        #expect(catalog.keys(for: .ru) == catalog.keys(for: .en))
    }

    @Test func translationsUseTheSamePlaceholders() {
        func names(_ text: String) -> Set<String> {
            let pattern = try! NSRegularExpression(pattern: "\\{([a-z]+)(\\|[^}]*)?\\}")
            let range = NSRange(text.startIndex..., in: text)
            return Set(
                pattern.matches(in: text, range: range).compactMap { match in
                    Range(match.range(at: 1), in: text).map { String(text[$0]) }
                })
        }
        for key in catalog.keys(for: .ru) {
            let ru = catalog.text(key, .ru, [:])
            _ = ru
        }
        let ruTable = Dictionary(uniqueKeysWithValues: catalog.keys(for: .ru).map { ($0, rawTemplate($0, .ru)) })
        for (key, template) in ruTable {
            #expect(names(template) == names(rawTemplate(key, .en)), "placeholders differ in \(key)")
        }
    }

    /// The template as stored: rendering with each placeholder given as its own name in braces.
    private func rawTemplate(_ key: String, _ language: Language) -> String {
        var arguments: [String: CatalogValue] = [:]
        for name in [
            "n", "m", "name", "role", "text", "hint", "value", "inn", "email", "due", "sent", "earliest",
            "address", "date", "time", "path", "login", "page", "pages", "total", "max", "code", "list",
            "what", "confirmed", "rejected", "organization", "region", "director", "phone", "day", "month",
            "year",
        ] {
            arguments[name] = .text("{\(name)}")
        }
        return catalog.text(key, language, arguments)
    }

    @Test func noDialogHoldsTextMeantForPeople() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Dialogs").standardized.resolvingSymlinksInPath()
        let skipped = ["Text", "Intents", "Scripting"]
        let enumerator = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        var offenders: [String] = []
        var checked = 0
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift",
                !skipped.contains(where: { url.path.contains("/Dialogs/\($0)/") })
            else { continue }
            checked += 1
            let lines = try String(contentsOf: url, encoding: .utf8).split(
                separator: "\n", omittingEmptySubsequences: false)
            for (number, line) in lines.enumerated() {
                let code = line.range(of: "//").map { line[..<$0.lowerBound] } ?? line[...]
                if code.unicodeScalars.contains(where: { (0x0400...0x04FF).contains($0.value) }) {
                    offenders.append("\(url.lastPathComponent):\(number + 1) Cyrillic text")
                }
                if code.contains("OutMessage(\""), let quote = code.range(of: "OutMessage(\"") {
                    let after = code[quote.upperBound...]
                    if after.first?.isLetter == true {
                        offenders.append("\(url.lastPathComponent):\(number + 1) inline text")
                    }
                }
            }
        }
        #expect(checked > 10, "the scan found the dialog sources")
        #expect(offenders.isEmpty, "\(offenders)")
    }
}
