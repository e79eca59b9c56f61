import BotCore
import Foundation
import Testing

@testable import Dialogs

/// The web pages' words: complete in both languages, and every key the pages name is in the catalog.
@Suite struct WebTextsTests {
    @Test func everyKeyHasATextInBothLanguages() {
        for key in WebText.allCases {
            let ru = WebText.ru[key]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            let en = WebText.en[key]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            #expect(!ru.isEmpty, "no Russian text for \(key.rawValue)")
            #expect(!en.isEmpty, "no English text for \(key.rawValue)")
        }
    }

    @Test func bothLanguagesHaveTheSameKeys() {
        let ru = WebText.texts(.ru)
        let en = WebText.texts(.en)
        #expect(Set(ru.keys) == Set(en.keys))
        #expect(Set(ru.keys) == Set(WebText.allCases.map(\.rawValue)))
        #expect(ru.values.allSatisfy { !$0.isEmpty })
        #expect(en.values.allSatisfy { !$0.isEmpty })
        #expect(ru[WebText.title.rawValue] != en[WebText.title.rawValue])
        #expect(ru[WebText.consoleTitle.rawValue] != en[WebText.consoleTitle.rawValue])
    }

    @Test func keysAreSnakeCaseUnderTheirPage() throws {
        let pattern = try NSRegularExpression(pattern: "^(web|console)\\.[a-z]+(_[a-z]+)*$")
        for key in WebText.allCases {
            let range = NSRange(key.rawValue.startIndex..., in: key.rawValue)
            #expect(pattern.firstMatch(in: key.rawValue, range: range) != nil, "\(key.rawValue)")
        }
    }

    @Test func translationsUseTheSamePlaceholders() throws {
        let pattern = try NSRegularExpression(pattern: "\\{([a-z]+)\\}")
        func names(_ text: String) -> Set<String> {
            let range = NSRange(text.startIndex..., in: text)
            return Set(
                pattern.matches(in: text, range: range).compactMap { match in
                    Range(match.range(at: 1), in: text).map { String(text[$0]) }
                })
        }
        for key in WebText.allCases {
            let ru = names(WebText.ru[key] ?? "")
            #expect(ru == names(WebText.en[key] ?? ""), "placeholders differ in \(key.rawValue)")
        }
    }

    /// The pages (Sources/WebUI) name keys in `data-t` attributes and `t('…')` calls: each one is in the catalog,
    /// and each catalog key is used by a page (a key named by its prefix, `'console.x_' + name`, covers its kind).
    @Test func thePagesAndTheCatalogNameTheSameKeys() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/WebUI").standardized.resolvingSymlinksInPath()
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "swift" }
        #expect(!files.isEmpty, "the scan found the pages")
        let pattern = try NSRegularExpression(pattern: "[\"']((?:web|console)\\.[a-z_]+)[\"']")
        var used: Set<String> = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let range = NSRange(text.startIndex..., in: text)
            for match in pattern.matches(in: text, range: range) {
                if let found = Range(match.range(at: 1), in: text) { used.insert(String(text[found])) }
            }
        }
        let prefixes = used.filter { $0.hasSuffix("_") }
        let named = used.subtracting(prefixes)
        let keys = Set(WebText.allCases.map(\.rawValue))
        let lacking = named.subtracting(keys).sorted()
        #expect(lacking.isEmpty, "the pages name keys the catalog lacks: \(lacking)")
        let unused = keys.subtracting(named).filter { key in !prefixes.contains { key.hasPrefix($0) } }
        #expect(unused.isEmpty, "keys no page uses: \(unused.sorted())")
    }
}
