import BotCore
import Cabinet

/// Form validators for the school's fields: each accepts the normalised value or quotes the reason.
enum Validators {
    public typealias Context = DialogContext<SchoolEnvironment>

    static func inn(_ text: String, _ context: Context) -> FieldCheck {
        do {
            return .valid(try INN.organization(text))
        } catch {
            return .invalid(Reasons.inn(error, context))
        }
    }

    static func email(_ text: String, _ context: Context) -> FieldCheck {
        do {
            return .valid(try EmailAddress(text).description)
        } catch {
            return .invalid(Reasons.email(error, context))
        }
    }

    static func personName(_ text: String, _ context: Context) -> FieldCheck {
        do {
            return .valid(try PersonName(text).fullName)
        } catch {
            return .invalid(Reasons.personName(error, context))
        }
    }

    static func phone(_ text: String, _ context: Context) -> FieldCheck {
        do {
            return .valid(try PhoneNumber(text).e164)
        } catch {
            return .invalid(Reasons.phone(error, context))
        }
    }

    static func region(_ text: String, _ context: Context) -> FieldCheck {
        do {
            let region = try Region.resolve(text)
            let name = context.language == .ru ? region.russianName : region.englishName
            return .valid("\(region.codeString) \(name)")
        } catch {
            return .invalid(Reasons.region(error, context))
        }
    }

    /// An organization's full name: 5 to 300 characters with at least two letters.
    static func organizationName(_ text: String, _ context: Context) -> FieldCheck {
        let collapsed = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        guard collapsed.count >= 5, collapsed.count <= 300, collapsed.filter(\.isLetter).count >= 2,
            !collapsed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { return .invalid(context.t(.reasonOrganizationName)) }
        return .valid(collapsed)
    }

    static func login(_ text: String, _ context: Context) -> FieldCheck {
        do {
            return .valid(try Credentials.login(text))
        } catch {
            return .invalid(context.t(.reasonLogin))
        }
    }

    /// A class: a number 1–11 with an optional letter ("5A", "11 B").
    static func className(_ text: String, _ context: Context) -> FieldCheck {
        let compact = text.replacingOccurrences(of: " ", with: "").uppercased()
        let digits = compact.prefix(while: \.isNumber)
        let rest = compact.dropFirst(digits.count)
        guard let grade = Int(digits), (1...11).contains(grade), rest.count <= 1, rest.allSatisfy(\.isLetter) else {
            return .invalid(context.t(.reasonClass))
        }
        return .valid(compact)
    }
}
