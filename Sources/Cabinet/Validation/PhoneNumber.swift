import Foundation

/// Why a text was not accepted as a Russian phone number.
public enum PhoneNumberRejection: Error, Equatable, Sendable {
    /// Nothing but whitespace and separators was given.
    case empty
    /// A character other than digits, a leading `+`, spaces, dashes, dots and brackets (the first is carried).
    case badCharacters(String)
    /// The count of digits (carried) fits no Russian form: 10 digits, or 11 starting with `7` or `8`.
    case wrongLength(Int)
    /// The number belongs to another country: a country code other than `+7`, or Kazakhstan's `+7 6xx`/`+7 7xx`.
    case notRussian
    /// The three-digit code after `+7` (carried) starts with a digit no Russian code starts with.
    case badAreaCode(String)
}

/// A Russian phone number, kept as `+7` and its ten national digits.
///
/// Accepts the usual ways of writing one: `+7 (843) 123-45-67`, `8 843 123 45 67`, `88431234567`,
/// `78431234567` and the bare ten digits `8431234567`. Spaces, dashes, dots and brackets are ignored.
///
/// ```swift
/// let phone = try PhoneNumber("8 (917) 123-45-67")
/// phone.e164        // "+79171234567"
/// phone.formatted   // "+7 (917) 123-45-67"
/// ```
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    private static let ignored: Set<Character> = [".", "(", ")"]
    /// First digits of the ten national ones that Russian numbers use: geographic 3xx, 4xx and 8xx
    /// (including 800), and mobile 9xx.
    ///
    /// Codes 6xx and 7xx belong to Kazakhstan, which shares `+7`.
    private static let russianLeadingDigits: Set<Int> = [3, 4, 8, 9]
    private static let kazakhLeadingDigits: Set<Int> = [6, 7]

    /// The ten digits after `+7`.
    public let nationalNumber: String

    /// The number in E.164 form: `+7` followed by ten digits.
    public var e164: String { "+7" + nationalNumber }
    /// The number grouped for reading: `+7 (843) 123-45-67`.
    public var formatted: String {
        let digits = Array(nationalNumber)
        let group = { (range: Range<Int>) in String(digits[range]) }
        return "+7 (\(group(0..<3))) \(group(3..<6))-\(group(6..<8))-\(group(8..<10))"
    }
    /// The number in E.164 form.
    public var description: String { e164 }

    /// Validates `raw` and keeps its normalised form, or throws why it is not a Russian number.
    public init(_ raw: String) throws(PhoneNumberRejection) {
        let compact = ValidationInput.removingSeparators(raw, extra: Self.ignored)
        guard !compact.isEmpty else { throw .empty }
        let hasPlus = compact.hasPrefix("+")
        let body = hasPlus ? String(compact.dropFirst()) : compact
        if let bad = body.first(where: { !("0"..."9").contains($0) }) { throw .badCharacters(String(bad)) }
        guard let digits = ValidationInput.asciiDigits(body), !digits.isEmpty else { throw .empty }
        let national = try Self.nationalDigits(of: digits, hasPlus: hasPlus)
        if Self.kazakhLeadingDigits.contains(national[0]) { throw .notRussian }
        guard Self.russianLeadingDigits.contains(national[0]) else {
            throw .badAreaCode(national.prefix(3).map(String.init).joined())
        }
        nationalNumber = national.map(String.init).joined()
    }

    /// Whether `raw` is a valid Russian number.
    public static func isValid(_ raw: String) -> Bool {
        (try? PhoneNumber(raw)) != nil
    }

    /// The ten national digits: after `+7`, after a leading `7` or `8` of eleven digits, or all ten.
    private static func nationalDigits(of digits: [Int], hasPlus: Bool) throws(PhoneNumberRejection) -> [Int] {
        if hasPlus {
            guard digits[0] == 7 else { throw .notRussian }
            guard digits.count == 11 else { throw .wrongLength(digits.count) }
            return Array(digits.dropFirst())
        }
        switch digits.count {
        case 10:
            return digits
        case 11:
            guard digits[0] == 7 || digits[0] == 8 else { throw .notRussian }
            return Array(digits.dropFirst())
        default:
            throw .wrongLength(digits.count)
        }
    }
}

// MARK: - Codable

extension PhoneNumber: Codable {
    /// Decodes a number from its E.164 form (any accepted form is read), validating it again.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try PhoneNumber(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a phone number: \(error)")
        }
    }

    /// Encodes the number in E.164 form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(e164)
    }
}
