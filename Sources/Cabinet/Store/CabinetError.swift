import BotCore
import Foundation

/// Why Cabinet refused an action: one case per refusal, carrying what a message about it needs.
///
/// Cabinet holds no text meant for people; the dialogs turn these cases into Russian or English.
public enum CabinetError: Error, Equatable, Sendable {
    // MARK: - The actor

    /// The action needs a logged-in account and none was given, or it no longer exists.
    case notLoggedIn
    /// The actor's account is pending or rejected (carried), not confirmed.
    case accountNotConfirmed(AccountStatus)
    /// The actor is a director whose identity is not confirmed yet (the state is carried).
    case directorNotConfirmed(DirectorState)
    /// The actor's role (carried) may not do this.
    case roleNotAllowed(Role)
    /// The actor's role (carried) may not decide on an account of the subject's role (carried).
    case cannotDecide(actor: Role, subject: Role)
    /// The target belongs to another organization than the actor's.
    case otherOrganization
    /// A teacher acted on a student (carried) who is not his or her own.
    case notOwnStudent(AccountID)

    // MARK: - Logging in

    /// The login or the password is wrong (never says which).
    case invalidCredentials
    /// Too many failures: the login is locked until the instant carried.
    case loginLocked(until: Date)
    /// Many failed attempts on this account from anywhere: the next attempt must wait until then (slowed, not
    /// locked).
    case loginThrottled(until: Date)

    // MARK: - Fields

    /// The INN is not an organization's (the reason is carried; a person's INN is one reason).
    case invalidINN(INNRejection)
    /// The e-mail address is not one (the reason is carried).
    case invalidEmail(EmailAddressRejection)
    /// A person's full name (the field is carried) is not one; the reason is carried.
    case invalidName(Field, PersonNameRejection)
    /// The phone number is not a Russian one (the reason is carried).
    case invalidPhone(PhoneNumberRejection)
    /// A field (carried) is empty, too long or malformed; see ``Field``.
    case invalidField(Field)
    /// The region is not a Russian region's code or name (the reason is carried).
    case invalidRegion(RegionRejection)
    /// The login is already used by another account.
    case loginTaken(String)
    /// The password is shorter than the minimum (carried) or otherwise unacceptable; see ``PasswordProblem``.
    case weakPassword(PasswordProblem)

    // MARK: - Organizations and accounts

    /// No such organization is registered.
    case organizationNotFound
    /// An organization with this INN is already registered.
    case organizationExists
    /// The organization already has a director account (carried).
    case directorExists(AccountID)
    /// The organization has no director account.
    case noDirector
    /// No account with this id or login.
    case accountNotFound
    /// The chosen teacher is not a confirmed teacher of the organization.
    case teacherNotFound
    /// The account (carried) is not pending: it was decided already, with the status carried.
    case notPending(AccountID, AccountStatus)

    // MARK: - Director identity

    /// Consent to personal-data processing has not been given (or was withdrawn).
    case consentRequired
    /// The director's identity is already confirmed.
    case directorAlreadyConfirmed
    /// There is no consent to withdraw.
    case noConsentToWithdraw

    // MARK: - Decisions and reports

    /// No accounts were chosen.
    case noSubjects
    /// Teachers of the organization are waiting (their number is carried): a director decides on them first.
    case teachersWaiting(count: Int)
    /// The actor has no decisions that could be undone.
    case nothingToUndo
    /// The actor's last decisions were already reported (in the report number carried) and cannot be undone.
    case alreadyReported(reportNumber: Int)
    /// No decisions were made since the last report.
    case nothingToReport
    /// No report with this number exists for the organization.
    case reportNotFound

    // MARK: - Requests

    /// No such request.
    case requestNotFound
    /// A credential request for this INN has been sent already and is in progress (its id is carried).
    case credentialRequestInProgress(CredentialRequestID)
    /// The request was completed already and cannot change.
    case requestCompleted
    /// The sending date lies in the future (today is carried).
    case sentDateInFuture(today: CivilDate)

    // MARK: - Tickets

    /// No such ticket.
    case ticketNotFound
    /// Another agent (carried, when known) took the ticket first.
    case ticketAlreadyTaken(by: AccountID?)
    /// The ticket is closed.
    case ticketClosed
    /// The ticket is taken by another agent, or the chat is not the ticket's.
    case ticketNotYours
    /// A ticket for this e-mail Message-ID (the ticket is carried) exists already.
    case mailAlreadyTaken(TicketID)

    // MARK: - Import

    /// The CSV file cannot be read as a whole (see ``ImportFileProblem``); nothing was imported.
    case importFile(ImportFileProblem)

    // MARK: - Storage

    /// SQLite failed; this is a fault, not a refusal.
    case storage(DatabaseError)
    /// libcrypt could not hash a password; this is a fault, not a refusal.
    case passwordHashingFailed

    /// A field of a form or command.
    public enum Field: String, Equatable, Sendable, CaseIterable {
        /// The organization (an INN is required for this role, or forbidden for an agent).
        case organization
        /// The organization's name.
        case organizationName
        /// A person's full name.
        case fullName
        /// The director's full name.
        case directorName
        /// A student's teacher (or a teacher or class given for another role).
        case teacher
        /// A login: 3 to 32 ASCII letters, digits, `.`, `_`, `-`, beginning with a letter or digit.
        case login
        /// A class: a grade 1–11 and an optional letter.
        case className
        /// The reason of a decision.
        case reason
        /// A note on a request.
        case note
        /// A message's text, a dialog or step name, or an e-mail subject.
        case text
        /// The consent text's version.
        case consentVersion
        /// The consent text's hash.
        case consentHash
        /// The purpose of processing.
        case consentPurpose
        /// A ticket's resolution.
        case resolution
        /// The role (registration takes a teacher or a student only).
        case role
        /// A chat id (up to 128 characters).
        case chat
        /// A message id.
        case messageID
    }

    /// What is wrong with a password.
    public enum PasswordProblem: Equatable, Sendable {
        /// Shorter than the minimum carried.
        case tooShort(minimum: Int)
        /// Longer than the maximum carried.
        case tooLong(maximum: Int)
        /// The same as the login.
        case sameAsLogin
        /// Holds a character that cannot be typed reliably (a control character or a NUL).
        case badCharacter
    }
}
