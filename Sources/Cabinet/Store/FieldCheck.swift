import BotCore
import Foundation

/// The checks Cabinet applies to what people typed, turning the validators' rejections into `CabinetError`s.
enum FieldCheck {
    /// The longest free text kept (a name of an organization, a note, a ticket message).
    static let maximumTextLength = 4_000

    /// The 10 digits of an organization's INN.
    static func inn(_ raw: String) throws(CabinetError) -> String {
        do {
            return try INN.organization(raw)
        } catch {
            throw .invalidINN(error)
        }
    }

    /// An e-mail address in its normalized form.
    static func email(_ raw: String) throws(CabinetError) -> String {
        do {
            return try EmailAddress(raw).description
        } catch {
            throw .invalidEmail(error)
        }
    }

    /// A person's full name in its normalized form.
    static func personName(_ raw: String, field: CabinetError.Field) throws(CabinetError) -> String {
        do {
            return try PersonName(raw).fullName
        } catch {
            throw .invalidName(field, error)
        }
    }

    /// A Russian phone number in E.164 form.
    static func phone(_ raw: String) throws(CabinetError) -> String {
        do {
            return try PhoneNumber(raw).e164
        } catch {
            throw .invalidPhone(error)
        }
    }

    /// A region's two-digit code (`"16"`).
    static func region(_ raw: String) throws(CabinetError) -> String {
        do {
            return try Region.resolve(raw).codeString
        } catch {
            throw .invalidRegion(error)
        }
    }

    /// Trimmed text of 1 to `maximumLength` characters.
    static func text(
        _ raw: String, field: CabinetError.Field, maximumLength: Int = maximumTextLength
    ) throws(CabinetError) -> String {
        let text = TextFolding.trimmedAsFoundation(raw)
        guard !text.isEmpty, text.count <= maximumLength else { throw .invalidField(field) }
        return text
    }

    /// Trimmed text, or nil when `raw` is nil or blank.
    static func optionalText(
        _ raw: String?, field: CabinetError.Field, maximumLength: Int = maximumTextLength
    ) throws(CabinetError) -> String? {
        guard let raw, !TextFolding.trimmedAsFoundation(raw).isEmpty else { return nil }
        return try text(raw, field: field, maximumLength: maximumLength)
    }

    /// `check` applied to `raw`, or nil when `raw` is nil or blank.
    static func optional(
        _ raw: String?, _ check: (String) throws(CabinetError) -> String
    ) throws(CabinetError) -> String? {
        guard let raw, !TextFolding.trimmedAsFoundation(raw).isEmpty else { return nil }
        return try check(raw)
    }

    /// A class such as `5А` or `11Б`: a grade 1–11 and an optional letter, upper-cased, without spaces.
    static func className(_ raw: String) throws(CabinetError) -> String {
        let compact = raw.filter { !$0.isWhitespace && $0 != "-" && $0 != "\"" && $0 != "«" && $0 != "»" }
            .uppercased()
        let digits = compact.prefix(while: { $0.isASCII && $0.isNumber })
        let rest = compact.dropFirst(digits.count)
        guard let grade = Int(digits), (1...11).contains(grade), rest.count <= 1,
            rest.allSatisfy({ $0.isLetter })
        else { throw .invalidField(.className) }
        return String(grade) + rest
    }
}
