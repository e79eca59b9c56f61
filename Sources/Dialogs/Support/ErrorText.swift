import BotCore
import Cabinet

/// Cabinet's refusals in the chat's language.
enum ErrorText {
    public typealias Context = DialogContext<SchoolEnvironment>

    /// Any failure: Cabinet's refusals by their text, anything else as a technical error.
    static func message(any error: any Error, _ context: Context) -> String {
        (error as? CabinetError).map { message($0, context) } ?? context.t(.errorTechnical)
    }

    static func message(_ error: CabinetError, _ context: Context) -> String {
        switch error {
        case .notLoggedIn: context.t(.errorNotLoggedIn)
        case .accountNotConfirmed(let status):
            status == .rejected ? context.t(.errorAccountRejected) : context.t(.errorAccountPending)
        case .directorNotConfirmed: context.t(.errorDirectorNotConfirmed)
        case .roleNotAllowed, .cannotDecide: context.t(.errorRoleNotAllowed)
        case .otherOrganization: context.t(.errorOtherOrganization)
        case .notOwnStudent: context.t(.errorNotOwnStudent)
        case .invalidCredentials: context.t(.errorInvalidCredentials)
        case .loginLocked(let until): context.t(.errorLoginLocked, ["time": .text(DateText.moment(until, context))])
        case .loginThrottled(let until):
            context.t(.errorLoginThrottled, ["time": .text(DateText.moment(until, context))])
        case .invalidINN(let rejection): Reasons.inn(rejection, context)
        case .invalidEmail(let rejection): Reasons.email(rejection, context)
        case .invalidName(_, let rejection): Reasons.personName(rejection, context)
        case .invalidPhone(let rejection): Reasons.phone(rejection, context)
        case .invalidRegion(let rejection): Reasons.region(rejection, context)
        case .invalidField(let field): field == .login ? context.t(.reasonLogin) : context.t(.errorInvalidField)
        case .loginTaken: context.t(.errorLoginTaken)
        case .weakPassword(let problem): password(problem, context)
        case .organizationNotFound: context.t(.errorOrganizationNotFound)
        case .organizationExists: context.t(.errorOrganizationExists)
        case .directorExists, .noDirector: context.t(.errorDirectorAccount)
        case .accountNotFound, .teacherNotFound: context.t(.errorAccountNotFound)
        case .notPending: context.t(.errorNotPending)
        case .consentRequired: context.t(.errorConsentRequired)
        case .directorAlreadyConfirmed: context.t(.errorDirectorAlreadyConfirmed)
        case .noConsentToWithdraw: context.t(.errorNoConsent)
        case .noSubjects: context.t(.errorNoSubjects)
        case .teachersWaiting(let count): context.t(.errorTeachersWaiting, ["n": .number(count)])
        case .nothingToUndo: context.t(.errorNothingToUndo)
        case .alreadyReported(let number): context.t(.errorAlreadyReported, ["n": .number(number)])
        case .nothingToReport: context.t(.reportNothingNew)
        case .reportNotFound, .requestNotFound, .ticketNotFound: context.t(.errorNotFound)
        case .credentialRequestInProgress: context.t(.errorRequestInProgress)
        case .requestCompleted: context.t(.errorRequestCompleted)
        case .sentDateInFuture: context.t(.errorDateInFuture)
        case .ticketAlreadyTaken, .mailAlreadyTaken: context.t(.errorTicketTaken)
        case .ticketClosed: context.t(.errorTicketClosed)
        case .ticketNotYours: context.t(.errorTicketNotYours)
        case .importFile, .storage, .passwordHashingFailed: context.t(.errorTechnical)
        }
    }

    static func password(_ problem: CabinetError.PasswordProblem, _ context: Context) -> String {
        switch problem {
        case .tooShort(let minimum): context.t(.reasonPasswordShort, ["n": .number(minimum)])
        case .tooLong(let maximum): context.t(.reasonPasswordLong, ["n": .number(maximum)])
        case .sameAsLogin: context.t(.reasonPasswordLogin)
        default: context.t(.reasonPasswordCharacters)
        }
    }
}
