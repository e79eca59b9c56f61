import Foundation

/// Why a text was not accepted as an INN (taxpayer identification number).
public enum INNRejection: Error, Equatable, Sendable {
    /// Nothing but spaces and dashes was given.
    case empty
    /// Something other than digits, spaces and dashes was given.
    case notDigits
    /// The number of digits, after spaces and dashes were dropped, is not the expected one.
    case wrongLength(Int)
    /// A valid 12-digit INN of a person (often the director's own) was given where an organization's is needed.
    case personINN
    /// The check digit (or one of the two check digits of a person's INN) does not match the others.
    case badCheckDigit
    /// The region prefix is `00`, which no tax office issues.
    case badRegion
}

/// Validation of Russian INNs: 10 digits for an organization, 12 for a person.
///
/// Spaces (including non-breaking ones) and dashes are ignored, so `77 07 083 893` and `7707-083893`
/// are both the organization INN `7707083893`.
///
/// ```swift
/// let inn = try INN.organization("7707 083 893")   // "7707083893"
/// INN.isValidPerson("500100732259")                 // true
/// ```
public enum INN {
    /// The number of digits in an organization's INN.
    public static let organizationLength = 10
    /// The number of digits in a person's INN.
    public static let personLength = 12

    /// Returns the 10 digits of a valid organization INN, or throws why `raw` is not one.
    ///
    /// The check digit is verified before the region, so a `00` prefix is reported only for an
    /// otherwise well-formed number.
    public static func organization(_ raw: String) throws(INNRejection) -> String {
        let digits = try digits(of: raw)
        if digits.count == personLength, personCheckDigitsMatch(digits), !hasZeroRegion(digits) {
            throw .personINN
        }
        guard digits.count == organizationLength else { throw .wrongLength(digits.count) }
        guard organizationCheckDigitMatches(digits) else { throw .badCheckDigit }
        guard !hasZeroRegion(digits) else { throw .badRegion }
        return string(of: digits)
    }

    /// Returns the 12 digits of a valid person INN, or throws why `raw` is not one.
    public static func person(_ raw: String) throws(INNRejection) -> String {
        let digits = try digits(of: raw)
        guard digits.count == personLength else { throw .wrongLength(digits.count) }
        guard personCheckDigitsMatch(digits) else { throw .badCheckDigit }
        guard !hasZeroRegion(digits) else { throw .badRegion }
        return string(of: digits)
    }

    /// Whether `raw` is a valid organization INN.
    public static func isValidOrganization(_ raw: String) -> Bool {
        (try? organization(raw)) != nil
    }

    /// Whether `raw` is a valid person INN.
    public static func isValidPerson(_ raw: String) -> Bool {
        (try? person(raw)) != nil
    }

    /// Returns `raw` without spaces and dashes; the other characters are kept as they are.
    public static func normalized(_ raw: String) -> String {
        ValidationInput.removingSeparators(raw)
    }

    // MARK: - Check digits

    private static let organizationWeights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    private static let personWeights11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    private static let personWeights12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]

    private static func digits(of raw: String) throws(INNRejection) -> [Int] {
        let compact = normalized(raw)
        guard !compact.isEmpty else { throw .empty }
        guard let digits = ValidationInput.asciiDigits(compact) else { throw .notDigits }
        return digits
    }

    /// The check digit for the digits before it: the weighted sum modulo 11, then modulo 10.
    private static func checkDigit(_ digits: ArraySlice<Int>, weights: [Int]) -> Int {
        zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11 % 10
    }

    private static func organizationCheckDigitMatches(_ digits: [Int]) -> Bool {
        digits.count == organizationLength && checkDigit(digits[0..<9], weights: organizationWeights) == digits[9]
    }

    private static func personCheckDigitsMatch(_ digits: [Int]) -> Bool {
        digits.count == personLength
            && checkDigit(digits[0..<10], weights: personWeights11) == digits[10]
            && checkDigit(digits[0..<11], weights: personWeights12) == digits[11]
    }

    private static func hasZeroRegion(_ digits: [Int]) -> Bool {
        digits.starts(with: [0, 0])
    }

    private static func string(of digits: [Int]) -> String {
        String(decoding: digits.map { UInt8(ascii: "0") + UInt8($0) }, as: UTF8.self)
    }
}
