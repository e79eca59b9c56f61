import BotCore
import Foundation
import PostgresTestSupport
import Testing

@testable import Cabinet

/// Which store a test's Cabinet runs on.
enum TestStore: String, CaseIterable, CustomStringConvertible {
    case sqlite, postgres
    var description: String { rawValue }
}

/// A fresh Cabinet on its own temporary database file (removed when the value goes away), or on a fresh database
/// of the test PostgreSQL cluster.
final class TestCabinet {
    /// Tuesday 28 April 2026, 10:00 in Moscow.
    static let start = Date(timeIntervalSince1970: 1_777_359_600)

    let directory: URL
    let path: String
    let clock: Clock
    let connection: Connection
    let cabinet: Cabinet

    init(now: Date = TestCabinet.start, store: TestStore = .sqlite) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cabinet-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        switch store {
        case .sqlite: path = directory.appendingPathComponent("test.sqlite").path
        case .postgres: path = try PostgresCluster.shared().createDatabase("cabinet")
        }
        clock = Clock.frozen(at: now)
        connection = try Connection.open(DatabaseLocation(path))
        try Migrator.migrate(connection, Cabinet.migrations)
        cabinet = Cabinet(
            connection: connection, clock: clock, random: .seeded(42), calendar: ProductionCalendar(), passwordCost: 1)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Another cabinet on the same database, through its own connection.
    func secondCabinet() throws -> Cabinet {
        Cabinet(
            connection: try Connection.open(DatabaseLocation(path)), clock: clock, random: .seeded(7),
            calendar: ProductionCalendar(),
            passwordCost: 1)
    }

    /// How many rows a table holds.
    func count(_ table: String) throws -> Int {
        try connection.scalarInt("SELECT count(*) FROM \(table)") ?? -1
    }

    // MARK: - Schools

    /// A school: a confirmed director, a confirmed teacher, a pending teacher, and pending students.
    struct School {
        let organization: Organization
        let director: Account
        let teacher: Account
        let pendingTeacher: Account
        /// Pending, the confirmed teacher's.
        let student: Account
        /// Pending, the confirmed teacher's.
        let secondStudent: Account
        /// Pending, the pending teacher's.
        let otherStudent: Account
    }

    static let innA = "7707083893"
    static let innB = "1655012344"
    static let innC = "1655000010"
    static let innD = "1658000121"
    static let innE = "1660001235"

    /// Makes a school whose logins all begin with `prefix`; every password is `"\(login)-pass"`.
    func makeSchool(inn: String = TestCabinet.innA, prefix: String = "a") throws -> School {
        let organization = try cabinet.addOrganization(
            inn: inn, name: "Школа \(prefix)", email: "\(prefix)@school.example.ru", region: "16")
        func add(
            _ role: Role, _ login: String, _ name: String, confirmed: Bool, teacher: String? = nil
        ) throws
            -> Account
        {
            try cabinet.addAccount(
                NewAccount(
                    role: role, login: "\(prefix)\(login)", organizationINN: inn, fullName: name,
                    email: "\(prefix)\(login)@example.ru", teacherLogin: teacher.map { "\(prefix)\($0)" },
                    className: role == .student ? "5А" : nil, isConfirmed: confirmed),
                password: "\(prefix)\(login)-pass")
        }
        return School(
            organization: organization,
            director: try add(.director, "director", "Иванова Мария Петровна", confirmed: true),
            teacher: try add(.teacher, "teacher", "Смирнов Алексей Викторович", confirmed: true),
            pendingTeacher: try add(.teacher, "newteacher", "Кузнецова Ольга Николаевна", confirmed: false),
            student: try add(.student, "student1", "Алёшин Пётр Сергеевич", confirmed: false, teacher: "teacher"),
            secondStudent: try add(.student, "student2", "Белова Анна Ивановна", confirmed: false, teacher: "teacher"),
            otherStudent: try add(
                .student, "student3", "Волков Артём Дмитриевич", confirmed: false, teacher: "newteacher"))
    }

    /// A confirmed agent.
    func makeAgent(_ login: String = "agent") throws -> Account {
        try cabinet.addAccount(
            NewAccount(role: .agent, login: login, fullName: "Агентова Ирина Владимировна", isConfirmed: true),
            password: "\(login)-pass")
    }

    /// A director added by an administrator without `--confirmed`, in a new school: the account is active (the
    /// platform issued it), its identity unconfirmed.
    func makePendingDirector(inn: String = TestCabinet.innC) throws -> Account {
        try cabinet.addOrganization(inn: inn, name: "Школа без директора", email: "pending@school.example.ru")
        return try cabinet.addAccount(
            NewAccount(role: .director, login: "pendingdirector", organizationINN: inn),
            password: "pendingdirector-pass")
    }

    /// A director whose account is confirmed but whose identity is not (credentials issued by an agent).
    func makeUnconfirmedDirector(agent: Account, inn: String = TestCabinet.innD) throws -> IssuedCredentials {
        try cabinet.registerOrganization(
            actor: agent.id,
            OrganizationRegistration(
                inn: inn, name: "Новая школа", email: "new@school.example.ru", region: "16",
                directorName: "Сидоров Николай Петрович"))
    }

    /// The status of an account, re-read.
    func status(_ account: Account) throws -> AccountStatus? {
        try cabinet.account(id: account.id)?.status
    }
}

/// The civil date of a literal `yyyy-MM-dd`.
func civilDay(_ text: String) -> CivilDate {
    guard let date = CivilDate(text) else { fatalError("bad date literal \(text)") }
    return date
}

/// The `CabinetError` `body` throws, or nil when it throws none; any other error fails the test.
func cabinetError<T>(
    _ body: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation
) -> CabinetError? {
    do {
        _ = try body()
        return nil
    } catch let error as CabinetError {
        return error
    } catch {
        Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
