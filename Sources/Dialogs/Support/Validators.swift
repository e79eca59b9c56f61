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
        let plain = plainCollapsed(text)
        guard let (collapsed, count, letters) = plain ?? characterCollapsed(text), count >= 5, count <= 300,
            letters >= 2,
            plain != nil || !collapsed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { return .invalid(context.t(.reasonOrganizationName)) }
        return .valid(collapsed)
    }

    /// Runs of whitespace as one space, none at the ends; the count of characters and of letters.
    static func characterCollapsed(_ text: String) -> (String, count: Int, letters: Int)? {
        let collapsed = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return (collapsed, collapsed.count, collapsed.filter(\.isLetter).count)
    }

    /// `characterCollapsed` for a text of visible ASCII, spaces, the Russian alphabet and `№` alone (nearly
    /// every name typed), where each scalar is a character, the space the only whitespace and the letters
    /// known, and no control character; nil for any other text.
    static func plainCollapsed(_ text: String) -> (String, count: Int, letters: Int)? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var count = 0
        var letters = 0
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x20:
                pendingSpace = count > 0
                continue
            case 0x41...0x5A, 0x61...0x7A, 0x0401, 0x0410...0x044F, 0x0451: letters += 1
            case 0x21...0x7E, 0x2116: break
            default: return nil
            }
            if pendingSpace {
                bytes.append(0x20)
                count += 1
                pendingSpace = false
            }
            count += 1
            UTF8.encode(scalar) { bytes.append($0) }
        }
        return (String(decoding: bytes, as: UTF8.self), count, letters)
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
