import BotCore
import Foundation

/// The domain of the organization's cabinet: organizations, accounts, approvals, reports, requests, tickets.
///
/// Synchronous and not `Sendable`: it lives on the thread that owns its `Connection` (the turn writer) and
/// is called inside that writer's open transaction. Every action that writes more than one row wraps itself
/// in `connection.transaction { }`, a savepoint when a transaction is open, so it is atomic either way.
///
/// Every action takes its actor (an account id, or nil for an anonymous one) and re-reads that account to
/// check its role, status and organization: a dialog asks, Cabinet decides. A refusal is a ``CabinetError``;
/// Cabinet holds no text meant for people.
///
/// A refused login still records the failure before it throws: the caller must not roll its transaction back
/// on a `CabinetError` (only on `.storage`), or the lockout counter would be lost.
///
/// The rules, enforced here for every caller:
/// - only a confirmed director (account confirmed and identity confirmed) decides on teachers; a confirmed
///   director or the student's own confirmed teacher decides on a student;
/// - teachers first: while teachers of the organization wait, a director's decision on students is refused
///   with `.teachersWaiting(count:)` (unless every waiting teacher is in the same batch); teachers deciding on
///   their own students are never held back;
/// - nobody acts outside his or her organization; agents act on any, and each agent action is audited;
///   agents do not decide on users or send reports (those are the school's own acts);
/// - decisions are made in all-or-nothing batches; the actor's last batch can be undone until reported;
/// - a report holds exactly the organization's unreported decisions, numbered 1, 2, 3... per organization.
public final class Cabinet {
    /// The database connection, shared with the caller.
    public let connection: Connection
    /// The time source.
    public let clock: Clock
    /// The business-day calendar due dates are counted with.
    public let calendar: ProductionCalendar
    let random: RandomSource
    let hasher: PasswordHasher
    /// A hash checked against when a login is unknown, so that timing does not tell which part was wrong.
    private(set) lazy var unknownLoginHash: String =
        hasher.hash(Credentials.generatePassword(random)) ?? "$y$j9T$.QU1Jkl6e21CzMIHIhZMd/$"

    /// Logins are locked after this many failures in a row.
    public static let maximumLoginFailures = 5
    /// How long a locked login stays locked, and how long failures are remembered.
    public static let lockoutInterval: TimeInterval = 15 * 60

    /// A cabinet on `connection`, whose schema must already be migrated with ``migrations``.
    ///
    /// - Parameters:
    ///   - random: where generated logins, passwords and salts come from; production passes `.system`.
    ///   - passwordCost: the yescrypt cost (1...11); 0 lets libcrypt choose its default.
    public init(
        connection: Connection, clock: Clock, random: RandomSource, calendar: ProductionCalendar,
        passwordCost: Int = 0
    ) {
        self.connection = connection
        self.clock = clock
        self.random = random
        self.calendar = calendar
        self.hasher = PasswordHasher(random: random, cost: passwordCost)
    }

    // MARK: - Running work

    /// Runs `body` in a transaction (a savepoint when one is open) and maps every failure to a `CabinetError`.
    func write<T>(_ body: () throws -> T) throws(CabinetError) -> T {
        do {
            return try connection.transaction(body)
        } catch {
            throw Self.cabinetError(error)
        }
    }

    /// Runs a read and maps every failure to a `CabinetError`.
    func read<T>(_ body: () throws -> T) throws(CabinetError) -> T {
        do {
            return try body()
        } catch {
            throw Self.cabinetError(error)
        }
    }

    static func cabinetError(_ error: any Error) -> CabinetError {
        switch error {
        case let error as CabinetError: error
        case let error as DatabaseError: .storage(error)
        default: .storage(DatabaseError(code: 1, message: String(describing: error)))
        }
    }

    // MARK: - Time

    /// The current instant in milliseconds, as stored.
    var nowMillis: Int { Self.millis(clock.now()) }

    /// Today's date in the clock's time zone.
    public var today: CivilDate { CivilDate(clock.now(), in: clock.timeZone) }

    static func millis(_ date: Date) -> Int { Int((date.timeIntervalSince1970 * 1000).rounded()) }

    static func date(millis: Int) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
}

@available(*, unavailable)
extension Cabinet: Sendable {}
