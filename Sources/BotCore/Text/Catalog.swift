import Foundation

/// A value that fills a `{name}` placeholder of a catalog template.
public enum CatalogValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case text(String)
    case number(Int)

    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int) { self = .number(value) }

    var rendered: String {
        switch self {
        case .text(let text): text
        case .number(let number): String(number)
        }
    }
}

/// The keyed message texts in every language, with placeholders and plural forms.
///
/// A template names its arguments in braces: `Ожидают {n} {n|учитель|учителя|учителей}`.
/// `{n}` is the value; `{n|one|few|many}` picks the Russian plural form of the number `n`
/// (`{n|one|other}` in English). A literal brace is written twice: `{{`.
public struct Catalog: Sendable {
    /// The templates by language, at `index(of:)` (nil: no table): an array rather than a dictionary, since every
    /// text said looks its language up.
    private let tables: [[String: CatalogTemplate]?]
    /// The folded form (`TextFolding.fold`) of every short template without placeholders (the button labels), by
    /// key: one look-up finds a key's labels in every language.
    private let labels: [String: Labels]
    /// The longest template, in UTF-8 bytes, folded ahead of time.
    private static let longestLabel = 96

    /// A catalog from one table of key → template per language.
    public init(_ tables: [Language: [String: String]]) {
        // Templates are split into text and placeholders once, here, not at every turn that says them.
        var templates = [[String: CatalogTemplate]?](repeating: nil, count: Language.allCases.count)
        for (language, table) in tables {
            templates[Self.index(of: language)] = table.mapValues(CatalogTemplate.init)
        }
        self.tables = templates
        // Labels are short and have no placeholders; longer texts are folded when asked (rarely).
        let foldedLabels = tables.mapValues { table in
            table.filter { _, template in
                template.utf8.count <= Self.longestLabel
                    && !template.utf8.contains { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") }
            }.mapValues(TextFolding.fold)
        }
        var labels: [String: Labels] = [:]
        for key in Set(foldedLabels.values.flatMap(\.keys)) {
            var entry = Labels()
            for language in Language.allCases {
                if let label = foldedLabels[language]?[key] {
                    entry.folded.append(label)
                } else {
                    entry.unfolded.append(language)
                }
            }
            labels[key] = entry
        }
        self.labels = labels
    }

    /// A key's folded labels, and the languages where its text is not a label (folded when asked).
    private struct Labels: Sendable {
        var folded: [String] = []
        var unfolded: [Language] = []
    }

    private func table(_ language: Language) -> [String: CatalogTemplate]? {
        tables[Self.index(of: language)]
    }

    /// The language's place in `tables`.
    private static func index(of language: Language) -> Int {
        switch language {
        case .ru: 0
        case .en: 1
        }
    }

    /// Every key of the language's table.
    public func keys(for language: Language) -> Set<String> {
        Set(table(language)?.keys ?? [:].keys)
    }

    /// Whether the language's table has the key.
    public func has(_ key: String, in language: Language) -> Bool {
        table(language)?[key] != nil
    }

    /// The text of `key` in `language`, with the arguments filled in.
    ///
    /// A key missing in the language falls back to Russian, then to the key itself; a test
    /// keeps both catalogs complete, so the fallbacks only guard against crashes.
    public func text(_ key: String, _ language: Language, _ arguments: [String: CatalogValue] = [:]) -> String {
        guard let template = table(language)?[key] ?? table(.ru)?[key] else { return key }
        return template.render(language: language, arguments: arguments)
    }

    /// Whether `folded` (a text already through `TextFolding.fold`) is the text of `key` in any language.
    public func isLabel(folded: String, _ key: String) -> Bool {
        guard let labels = labels[key] else {
            return Language.allCases.contains { TextFolding.fold(text(key, $0)) == folded }
        }
        return labels.folded.contains(folded) || labels.unfolded.contains { TextFolding.fold(text(key, $0)) == folded }
    }

    /// Fills a template: `{name}`, `{name|form|form…}`, `{{` and `}}`.
    public static func render(_ template: String, language: Language, arguments: [String: CatalogValue]) -> String {
        CatalogTemplate(template).render(language: language, arguments: arguments)
    }
}

/// Plural rules: Russian one/few/many, English one/other.
public enum Plural {
    /// Which of the `formCount` forms fits `count`.
    public static func formIndex(_ count: Int, language: Language, formCount: Int) -> Int {
        let index: Int
        switch language {
        case .ru:
            let n = abs(count) % 100
            let last = n % 10
            if n >= 11 && n <= 14 {
                index = 2
            } else if last == 1 {
                index = 0
            } else if last >= 2 && last <= 4 {
                index = 1
            } else {
                index = 2
            }
        case .en:
            index = abs(count) == 1 ? 0 : 1
        }
        return min(index, formCount - 1)
    }
}
