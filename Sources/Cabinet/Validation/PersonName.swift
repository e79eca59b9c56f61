import Foundation

/// Why a text was not accepted as a person's full name.
public enum PersonNameRejection: Error, Equatable, Sendable {
    /// Nothing but whitespace was given.
    case empty
    /// Fewer words than a surname and a given name (the count found is carried).
    case tooFewWords(Int)
    /// More words than a surname, a given name and a patronymic (the count found is carried).
    case tooManyWords(Int)
    /// Initials such as `И.`, `И.И.` or a one-letter given name or patronymic (carried) instead of whole words.
    case initials(String)
    /// A character that is neither a letter, a hyphen nor an apostrophe (the first one is carried).
    case badCharacters(String)
    /// A hyphen or an apostrophe at the start or the end of the word (carried), or two in a row.
    case misplacedHyphenOrApostrophe(String)
    /// The word (carried) mixes Cyrillic and Latin letters, usually a keyboard-layout slip.
    case mixedScripts(String)
    /// The name is longer than the limit (carried), in characters.
    case tooLong(limit: Int)
}

/// A person's full name: surname, given name and an optional patronymic, in that order.
///
/// Each word is made of Cyrillic (including `ё`) or Latin letters, with hyphens and apostrophes inside
/// (`Римский-Корсаков`, `O'Brien`); a word may not mix the two alphabets. Whitespace is collapsed and
/// every word, and every part of a hyphenated word, begins with a capital letter. A word typed in
/// capitals only is written in the usual case. A Turkic patronymic particle (`оглы`, `кызы`, `улы`,
/// `уулу`) may follow the patronymic as a fourth word and stays in lower case.
///
/// ```swift
/// let name = try PersonName("  иванов   иван иванович ")   // "Иванов Иван Иванович"
/// ```
public struct PersonName: Hashable, Sendable, CustomStringConvertible {
    /// The limit of the whole name, in characters.
    public static let maximumLength = 100
    private static let patronymicParticles: Set<String> = ["оглы", "кызы", "улы", "уулу", "ogly", "kyzy"]
    private static let apostrophes: Set<Character> = ["'", "\u{2019}", "\u{02BC}", "`", "\u{00B4}"]
    private static let hyphens: Set<Character> = ["-", "\u{2010}", "\u{2011}"]

    /// The surname (family name).
    public let surname: String
    /// The given name.
    public let givenName: String
    /// The patronymic, with its particle when there is one (`Гейдар оглы`), or nil.
    public let patronymic: String?

    /// The words of the name joined by single spaces.
    public var fullName: String { [surname, givenName, patronymic].compactMap { $0 }.joined(separator: " ") }
    /// The full name.
    public var description: String { fullName }

    /// Validates `raw` and keeps its normalised form, or throws why it is not a full name.
    public init(_ raw: String) throws(PersonNameRejection) {
        if let words = Self.quickWords(raw) {
            self.init(surname: words.surname, givenName: words.givenName, patronymic: words.patronymic)
        } else {
            try self.init(checking: raw)
        }
    }

    private init(surname: String, givenName: String, patronymic: String?) {
        self.surname = surname
        self.givenName = givenName
        self.patronymic = patronymic
    }

    /// `init(_:)` through the general checks, over characters, for any text.
    init(checking raw: String) throws(PersonNameRejection) {
        let rawWords = raw.split(whereSeparator: \.isWhitespace).map { Self.unifyingSigns(in: $0) }
        guard !rawWords.isEmpty else { throw .empty }
        let collapsed = rawWords.joined(separator: " ")
        guard collapsed.count <= Self.maximumLength else { throw .tooLong(limit: Self.maximumLength) }
        for word in rawWords {
            try Self.check(word)
        }
        var words = rawWords.map(Self.capitalized)
        if words.count == 4, Self.patronymicParticles.contains(rawWords[3].lowercased()) {
            words[2] += " " + rawWords[3].lowercased()
            words.removeLast()
        }
        guard words.count >= 2 else { throw .tooFewWords(words.count) }
        guard words.count <= 3 else { throw .tooManyWords(rawWords.count) }
        // A one-letter given name or patronymic is an initial typed without its dot.
        if let initial = rawWords.dropFirst().prefix(2).first(where: { $0.count == 1 }) { throw .initials(initial) }
        surname = words[0]
        givenName = words[1]
        patronymic = words.count == 3 ? words[2] : nil
    }

    /// Whether `raw` is a valid full name.
    public static func isValid(_ raw: String) -> Bool {
        (try? PersonName(raw)) != nil
    }

    // MARK: - Words

    /// Replaces typographic apostrophes and hyphens with `'` and `-`.
    private static func unifyingSigns(in word: Substring) -> String {
        String(word.map { apostrophes.contains($0) ? "'" : hyphens.contains($0) ? "-" : $0 })
    }

    private static func check(_ word: String) throws(PersonNameRejection) {
        if isInitials(word) { throw .initials(word) }
        if let bad = word.first(where: { !isNameLetter($0) && $0 != "-" && $0 != "'" }) {
            throw .badCharacters(String(bad))
        }
        let isSign: (Character) -> Bool = { $0 == "-" || $0 == "'" }
        let misplaced =
            (word.first.map(isSign) ?? false) || (word.last.map(isSign) ?? false)
            || zip(word, word.dropFirst()).contains { isSign($0) && isSign($1) }
        if misplaced { throw .misplacedHyphenOrApostrophe(word) }
        let hasCyrillic = word.contains(where: ValidationInput.isCyrillicLetter)
        if hasCyrillic && word.contains(where: ValidationInput.isLatinLetter) { throw .mixedScripts(word) }
    }

    /// Whether `word` looks like `И.`, `И.И.` or `I.`: letters each followed by a dot.
    private static func isInitials(_ word: String) -> Bool {
        let pieces = word.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count >= 2, pieces.last?.isEmpty == true else { return false }
        return pieces.dropLast().allSatisfy { $0.count == 1 && $0.allSatisfy(isNameLetter) }
    }

    private static func isNameLetter(_ character: Character) -> Bool {
        ValidationInput.isCyrillicLetter(character) || ValidationInput.isLatinLetter(character)
    }

    /// Upper-cases the first letter of every hyphen-separated part; a word in capitals only is lowered first.
    private static func capitalized(_ word: String) -> String {
        let isAllCapitals = word.count > 1 && word.allSatisfy { !$0.isLetter || $0.isUppercase }
        let base = isAllCapitals ? word.lowercased() : word
        return base.split(separator: "-", omittingEmptySubsequences: false)
            .map { part in part.prefix(1).uppercased() + part.dropFirst() }
            .joined(separator: "-")
    }
}

// MARK: - Codable

extension PersonName: Codable {
    /// Decodes a name from its string form, validating it again.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try PersonName(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a full name: \(error)")
        }
    }

    /// Encodes the name as its string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(fullName)
    }
}
