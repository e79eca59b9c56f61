import BotCore
import Foundation

/// Why a text was not accepted as a region of the Russian Federation.
public enum RegionRejection: Error, Equatable, Sendable {
    /// Nothing but whitespace was given.
    case empty
    /// A one- or two-digit code (carried) that no region has.
    case unknownCode(Int)
    /// A name (carried, trimmed) that matches no region.
    case unknownName(String)
    /// A name that is the beginning of several regions' names (carried, ordered by code).
    case ambiguous([Region])
}

/// A subject of the Russian Federation, identified by the two-digit code its INNs begin with.
///
/// ```swift
/// try Region.resolve("16").russianName            // "Республика Татарстан"
/// try Region.resolve("Московская обл.").code     // 50
/// Region.forINN("7707083893")?.englishName        // "Moscow"
/// ```
public struct Region: Hashable, Sendable, Identifiable, CustomStringConvertible {
    /// The code: the first two digits of the INNs that the region's tax offices issue.
    public let code: Int
    /// The official Russian name, such as `Республика Татарстан`.
    public let russianName: String
    /// The English name, such as `Republic of Tatarstan`.
    public let englishName: String

    /// The code, which identifies the region.
    public var id: Int { code }
    /// The code as two digits, such as `01`.
    public var codeString: String { code < 10 ? "0\(code)" : String(code) }
    /// The code and the Russian name, such as `16 Республика Татарстан`.
    public var description: String { "\(codeString) \(russianName)" }

    /// Every region, ordered by code.
    public static let all: [Region] = table.map(\.region)

    /// Makes a row of the built-in table; every other region comes from that table.
    init(code: Int, russianName: String, englishName: String) {
        self.code = code
        self.russianName = russianName
        self.englishName = englishName
    }

    /// The region with `code`, or nil when there is none.
    public init?(code: Int) {
        guard let region = Self.byCode[code] else { return nil }
        self = region
    }

    /// The region whose code begins the INN `inn` (spaces and dashes ignored), or nil when it is not a known one.
    public static func forINN(_ inn: String) -> Region? {
        guard let digits = ValidationInput.asciiDigits(INN.normalized(inn)), digits.count >= 2 else { return nil }
        return Region(code: digits[0] * 10 + digits[1])
    }

    /// Finds the region `raw` names, or throws why there is none.
    ///
    /// Accepted: a code from `1`/`01` to `99` that a region has; the Russian or English name in any case, with
    /// `ё` and `е` alike and punctuation ignored; the name without its kind (`Татарстан`, `Алтайский`,
    /// `Tatarstan`); abbreviations (`обл.`, `респ.`, `АО`, `г.`); common short names (`СПб`, `ХМАО`,
    /// `Кузбасс`); and the beginning of a name when it fits only one region.
    public static func resolve(_ raw: String) throws(RegionRejection) -> Region {
        let text = TextFolding.trimmedAsFoundation(raw)
        guard !text.isEmpty else { throw .empty }
        if text.count <= 2, let digits = ValidationInput.asciiDigits(text) {
            let code = digits.reduce(0) { $0 * 10 + $1 }
            guard let region = Region(code: code) else { throw .unknownCode(code) }
            return region
        }
        let tokens = RegionNameIndex.tokens(of: text)
        if let codes = RegionNameIndex.shared.exact[tokens.joined(separator: " ")] {
            return try single(codes, text)
        }
        let core = RegionNameIndex.withoutKindWords(tokens).joined(separator: " ")
        guard !core.isEmpty else { throw .unknownName(text) }
        if let codes = RegionNameIndex.shared.core[core] {
            return try single(codes, text)
        }
        guard core.count >= 3 else { throw .unknownName(text) }
        return try single(RegionNameIndex.shared.codes(withWordPrefix: core), text)
    }

    private static let byCode: [Int: Region] = Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })

    private static func single(_ codes: Set<Int>, _ text: String) throws(RegionRejection) -> Region {
        let regions = codes.sorted().compactMap { Region(code: $0) }
        guard let first = regions.first else { throw .unknownName(text) }
        guard regions.count == 1 else { throw .ambiguous(regions) }
        return first
    }
}

// MARK: - Codable

extension Region: Codable {
    /// Decodes a region from its two-digit code.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let digits = ValidationInput.asciiDigits(text), digits.count == 2,
            let region = Region(code: digits[0] * 10 + digits[1])
        else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "no region has the code \(text)")
        }
        self = region
    }

    /// Encodes the region as its two-digit code.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(codeString)
    }
}

// MARK: - Name index

/// Region names reduced to comparable keys: lower case, `ё` as `е`, words only, abbreviations spelled out.
struct RegionNameIndex: Sendable {
    static let shared = RegionNameIndex(entries: Region.table)

    /// Whole names and aliases.
    let exact: [String: Set<Int>]
    /// The same without the words for the kind of region (`республика`, `область`, `krai` ...).
    let core: [String: Set<Int>]

    private static let abbreviations: [String: [String]] = [
        "обл": ["область"], "респ": ["республика"], "ао": ["автономный", "округ"], "авт": ["автономный"],
        "г": [], "гор": [], "город": [], "obl": ["oblast"], "resp": ["republic"], "rep": ["republic"],
        "region": ["oblast"], "reg": ["oblast"], "st": ["saint"],
    ]
    private static let kindWords: Set<String> = [
        "республика", "область", "край", "автономный", "автономная", "округ", "федерального", "значения",
        "republic", "oblast", "krai", "autonomous", "okrug", "city", "of", "the", "federal", "significance",
    ]

    init(entries: [Region.Entry]) {
        var exact: [String: Set<Int>] = [:]
        var core: [String: Set<Int>] = [:]
        for entry in entries {
            let names = [entry.region.russianName, entry.region.englishName] + entry.aliases
            for name in names {
                let tokens = Self.tokens(of: name)
                exact[tokens.joined(separator: " "), default: []].insert(entry.region.code)
                let kindless = Self.withoutKindWords(tokens)
                if !kindless.isEmpty {
                    core[kindless.joined(separator: " "), default: []].insert(entry.region.code)
                }
            }
        }
        self.exact = exact
        self.core = core
    }

    /// The codes of regions with a key in which `prefix` begins a word.
    func codes(withWordPrefix prefix: String) -> Set<Int> {
        var codes: Set<Int> = []
        for (key, keyCodes) in exact.merging(core, uniquingKeysWith: { $0.union($1) })
        where key.hasPrefix(prefix) || key.contains(" " + prefix) {
            codes.formUnion(keyCodes)
        }
        return codes
    }

    /// The words of `text`, lower-cased, with `ё` as `е` and abbreviations spelled out.
    static func tokens(of text: String) -> [String] {
        let folded = TextFolding.lowercasedFoldingYo(text)
        let spaced = String(folded.map { $0.isLetter || $0.isNumber ? $0 : " " })
        return spaced.split(separator: " ").flatMap { word in abbreviations[String(word)] ?? [String(word)] }
    }

    /// `tokens` without the words that name the kind of region.
    static func withoutKindWords(_ tokens: [String]) -> [String] {
        tokens.filter { !kindWords.contains($0) }
    }
}
