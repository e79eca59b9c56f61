import BotCore
import Cabinet

/// Validation refusals in the chat's language.
enum Reasons {
    public typealias Context = DialogContext<SchoolEnvironment>

    static func inn(_ rejection: INNRejection, _ context: Context) -> String {
        switch rejection {
        case .empty: context.t(.reasonINNEmpty)
        case .notDigits: context.t(.reasonINNDigits)
        case .wrongLength(let count): context.t(.reasonINNLength, ["n": .number(count)])
        case .personINN: context.t(.reasonINNPerson)
        case .badCheckDigit: context.t(.reasonINNCheck)
        case .badRegion: context.t(.reasonINNRegion)
        }
    }

    static func email(_ rejection: EmailAddressRejection, _ context: Context) -> String {
        switch rejection {
        case .empty, .missingAt, .multipleAt: context.t(.reasonEmailShape)
        case .badLocalPart: context.t(.reasonEmailLocal)
        case .badDomain: context.t(.reasonEmailDomain)
        case .localPartTooLong, .tooLong: context.t(.reasonEmailLong)
        }
    }

    static func personName(_ rejection: PersonNameRejection, _ context: Context) -> String {
        switch rejection {
        case .empty, .tooFewWords: context.t(.reasonNameWords)
        case .tooManyWords: context.t(.reasonNameTooMany)
        case .initials: context.t(.reasonNameInitials)
        case .badCharacters, .misplacedHyphenOrApostrophe: context.t(.reasonNameLetters)
        case .mixedScripts: context.t(.reasonNameScripts)
        case .tooLong: context.t(.reasonNameLong)
        }
    }

    static func phone(_ rejection: PhoneNumberRejection, _ context: Context) -> String {
        switch rejection {
        case .empty, .badCharacters, .wrongLength, .badAreaCode: context.t(.reasonPhone)
        case .notRussian: context.t(.reasonPhoneRussian)
        }
    }

    static func region(_ rejection: RegionRejection, _ context: Context) -> String {
        switch rejection {
        case .empty, .unknownName: context.t(.reasonRegionName)
        case .unknownCode(let code): context.t(.reasonRegionCode, ["code": .number(code)])
        case .ambiguous(let regions):
            context.t(
                .reasonRegionAmbiguous, ["list": .text(regions.prefix(4).map(\.description).joined(separator: ", "))])
        }
    }
}
