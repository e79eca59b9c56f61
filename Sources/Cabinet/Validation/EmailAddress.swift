import BotCore
import Foundation

/// Why a text was not accepted as an e-mail address.
public enum EmailAddressRejection: Error, Equatable, Sendable {
    /// Nothing but whitespace was given.
    case empty
    /// There is no `@` between the mailbox and the domain.
    case missingAt
    /// There is more than one `@`.
    case multipleAt
    /// The part before `@` (carried, possibly empty) is not a dot-atom: it has a character other than letters,
    /// digits and ``EmailAddress/localPartSymbols``, or a dot at its start, at its end or next to another dot.
    case badLocalPart(String)
    /// The part after `@` (carried, possibly empty) is not a domain of two or more dot-separated labels of
    /// letters, digits and inner hyphens, ending in a label that is not all digits.
    case badDomain(String)
    /// The part before `@` is longer than the limit (carried), in characters.
    case localPartTooLong(limit: Int)
    /// The whole address is longer than the limit (carried), in characters.
    case tooLong(limit: Int)
}

/// An e-mail address in the practical subset of RFC 5322 that mail services hand out.
///
/// The mailbox is a dot-atom (RFC 5322 section 3.2.3, with the UTF-8 letters RFC 6532 allows); the domain
/// is a host name whose labels may be internationalized, as in `директор@школа.рф`. Surrounding whitespace
/// is trimmed and the domain is lower-cased; the mailbox keeps its case, which its server may honour.
///
/// ```swift
/// let address = try EmailAddress("  School1@Example.RU ")   // "School1@example.ru"
/// ```
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    /// The limit of the part before `@` (RFC 5321 section 4.5.3.1.1), in characters.
    public static let maximumLocalPartLength = 64
    /// The limit of the whole address (RFC 5321 forward-path less its angle brackets), in characters.
    public static let maximumLength = 254
    /// The characters other than letters, digits and dots that the part before `@` may contain.
    public static let localPartSymbols: Set<Character> = [
        "!", "#", "$", "%", "&", "'", "*", "+", "/", "=", "?", "^", "_", "`", "{", "|", "}", "~", "-",
    ]
    private static let maximumLabelLength = 63

    /// The mailbox: the part before `@`, as typed.
    public let localPart: String
    /// The domain: the part after `@`, lower-cased.
    public let domain: String

    /// The address as `localPart@domain`.
    public var description: String { "\(localPart)@\(domain)" }

    /// Validates `raw` and keeps its normalised form, or throws why it is not an address.
    public init(_ raw: String) throws(EmailAddressRejection) {
        let text = TextFolding.trimmedAsFoundation(raw)
        guard !text.isEmpty else { throw .empty }
        if let parts = try Self.visibleASCIIParts(text) {
            (localPart, domain) = parts
        } else {
            (localPart, domain) = try Self.parts(text)
        }
    }

    /// The parts of a trimmed, non-empty text, character by character.
    static func parts(_ text: String) throws(EmailAddressRejection) -> (String, String) {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count > 1 else { throw .missingAt }
        guard parts.count == 2 else { throw .multipleAt }
        let local = String(parts[0])
        let domain = String(parts[1]).lowercased()
        guard text.unicodeScalars.count <= Self.maximumLength else { throw .tooLong(limit: Self.maximumLength) }
        guard local.unicodeScalars.count <= Self.maximumLocalPartLength else {
            throw .localPartTooLong(limit: Self.maximumLocalPartLength)
        }
        guard Self.isDotAtom(local) else { throw .badLocalPart(local) }
        guard Self.isHostName(domain) else { throw .badDomain(domain) }
        return (local, domain)
    }

    /// Whether `raw` is a valid address.
    public static func isValid(_ raw: String) -> Bool {
        (try? EmailAddress(raw)) != nil
    }

    // MARK: - Grammar

    /// The parts of an address typed in visible ASCII alone (as nearly all are), checked byte by byte as the
    /// grammar below checks characters, with the same rejections in the same order; nil for any other text.
    static func visibleASCIIParts(_ text: String) throws(EmailAddressRejection) -> (String, String)? {
        let bytes = Array(text.utf8)
        guard bytes.allSatisfy({ (0x21...0x7E).contains($0) }) else { return nil }
        let at = UInt8(ascii: "@")
        guard let split = bytes.firstIndex(of: at) else { throw .missingAt }
        guard !bytes[(split + 1)...].contains(at) else { throw .multipleAt }
        let local = String(decoding: bytes[..<split], as: UTF8.self)
        let domainBytes = bytes[(split + 1)...].map { isUpper($0) ? $0 + 0x20 : $0 }
        let domain = String(decoding: domainBytes, as: UTF8.self)
        guard bytes.count <= maximumLength else { throw .tooLong(limit: maximumLength) }
        guard split <= maximumLocalPartLength else { throw .localPartTooLong(limit: maximumLocalPartLength) }
        let atoms = bytes[..<split].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard atoms.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isASCIIAtomText) }) else { throw .badLocalPart(local) }
        let labels = domainBytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy(isASCIILabel), let topLevel = labels.last,
            !topLevel.allSatisfy(isDigit)
        else { throw .badDomain(domain) }
        return (local, domain)
    }

    private static let asciiLocalPartSymbols = Set(localPartSymbols.compactMap(\.asciiValue))

    private static func isUpper(_ byte: UInt8) -> Bool { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) }
    private static func isLower(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }
    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func isASCIIAtomText(_ byte: UInt8) -> Bool {
        isUpper(byte) || isLower(byte) || isDigit(byte) || asciiLocalPartSymbols.contains(byte)
    }

    private static func isASCIILabel(_ label: ArraySlice<UInt8>) -> Bool {
        guard let first = label.first, let last = label.last, label.count <= maximumLabelLength,
            first != UInt8(ascii: "-"), last != UInt8(ascii: "-")
        else { return false }
        return label.allSatisfy { $0 == UInt8(ascii: "-") || isLower($0) || isDigit($0) }
    }

    private static func isDotAtom(_ local: String) -> Bool {
        let atoms = local.split(separator: ".", omittingEmptySubsequences: false)
        return atoms.allSatisfy { atom in
            !atom.isEmpty && atom.allSatisfy { isAtomText($0) }
        }
    }

    private static func isAtomText(_ character: Character) -> Bool {
        if character.isASCII {
            return character.isLetter || character.isNumber || localPartSymbols.contains(character)
        }
        return character.isLetter
    }

    private static func isHostName(_ domain: String) -> Bool {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let topLevel = labels.last else { return false }
        guard labels.allSatisfy(isLabel) else { return false }
        return !topLevel.allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static func isLabel(_ label: Substring) -> Bool {
        guard !label.isEmpty, label.unicodeScalars.count <= maximumLabelLength,
            label.first != "-", label.last != "-"
        else { return false }
        return label.allSatisfy { character in
            character == "-" || character.isLetter || (character.isASCII && character.isNumber)
        }
    }
}

// MARK: - Codable

extension EmailAddress: Codable {
    /// Decodes an address from its string form, validating it again.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try EmailAddress(text)
        } catch {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not an e-mail address: \(error)")
        }
    }

    /// Encodes the address as its string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
