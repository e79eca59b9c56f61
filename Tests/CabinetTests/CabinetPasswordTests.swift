import BotCore
import Foundation
import Testing

@testable import Cabinet

/// yescrypt through libcrypt, the password policy, and no password in plain text on disk.
struct CabinetPasswordTests {
    @Test func hashesAreYescryptSaltedAndVerifiable() throws {
        let hasher = PasswordHasher(random: .seeded(1), cost: 1)
        let first = try #require(hasher.hash("correct horse"))
        let second = try #require(hasher.hash("correct horse"))
        #expect(first.hasPrefix("$y$"))
        #expect(first != second)
        #expect(hasher.verify("correct horse", against: first))
        #expect(hasher.verify("correct horse", against: second))
        #expect(!hasher.verify("correct horsE", against: first))
        #expect(!hasher.verify("", against: first))
        #expect(!hasher.verify("correct horse", against: "plain text"))
        #expect(!hasher.verify("correct horse", against: "$y$broken"))
    }

    @Test func theDefaultCostIsLibcryptsOwn() throws {
        let hash = try #require(PasswordHasher(random: .system).hash("пароль-директора"))
        #expect(hash.hasPrefix("$y$j9T$"))
        #expect(PasswordHasher(random: .system).verify("пароль-директора", against: hash))
    }

    @Test func constantTimeComparisonComparesWholeStrings() {
        #expect(PasswordHasher.constantTimeEqual(Array("abc".utf8), Array("abc".utf8)))
        #expect(!PasswordHasher.constantTimeEqual(Array("abc".utf8), Array("abd".utf8)))
        #expect(!PasswordHasher.constantTimeEqual(Array("abc".utf8), Array("abcd".utf8)))
        #expect(!PasswordHasher.constantTimeEqual([], [0]))
    }

    @Test func thePolicyRefusesWeakPasswordsAndBadLogins() throws {
        #expect(
            cabinetError { try Credentials.checkPassword("1234567", login: "x") }
                == .weakPassword(.tooShort(minimum: 8)))
        #expect(
            cabinetError { try Credentials.checkPassword("Director1", login: "director1") }
                == .weakPassword(.sameAsLogin))
        #expect(
            cabinetError { try Credentials.checkPassword("tab\there-1", login: "x") } == .weakPassword(.badCharacter))
        #expect(
            cabinetError { try Credentials.checkPassword(String(repeating: "a", count: 129), login: "x") }
                == .weakPassword(.tooLong(maximum: 128)))
        #expect(cabinetError { try Credentials.login("ab") } == .invalidField(.login))
        #expect(cabinetError { try Credentials.login("иванов") } == .invalidField(.login))
        #expect(cabinetError { try Credentials.login("-dash") } == .invalidField(.login))
        #expect(try Credentials.login(" Ivan.Petrov_2 ") == "ivan.petrov_2")
    }

    @Test func generatedCredentialsFollowTheRules() throws {
        let random = RandomSource.seeded(99)
        for _ in 0..<50 {
            let login = Credentials.generateLogin(random)
            #expect(try Credentials.login(login) == login)
            let password = Credentials.generatePassword(random)
            #expect(password.count == Credentials.generatedPasswordLength)
            #expect(password.contains(where: \.isUppercase) && password.contains(where: \.isLowercase))
            #expect(password.contains { $0.isNumber })
        }
    }

    @Test func theDatabaseFilesNeverHoldAPasswordInPlainText() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cabinet-plaintext-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("plain.sqlite").path
        var passwords = ["Director-Secret-417", "Teacher-Secret-902", "Student-Secret-313", "Agent-Secret-771"]
        passwords += DemoSchool.logins.map(\.password)
        var walBytes = Data()
        do {
            let connection = try Connection(path: path)
            try Migrator.migrate(connection, Cabinet.migrations)
            let cabinet = Cabinet(
                connection: connection, clock: Clock.frozen(at: TestCabinet.start), random: .seeded(5),
                calendar: ProductionCalendar())
            try cabinet.addOrganization(inn: TestCabinet.innE, name: "Школа", email: "s@school.example.ru")
            try cabinet.addAccount(
                NewAccount(role: .director, login: "dir1", organizationINN: TestCabinet.innE, isConfirmed: true),
                password: passwords[0])
            try cabinet.addAccount(
                NewAccount(role: .teacher, login: "tea1", organizationINN: TestCabinet.innE, isConfirmed: true),
                password: passwords[1])
            try cabinet.register(
                Registration(
                    inn: TestCabinet.innE, role: .student, fullName: "Учеников Иван Иванович", email: "s1@example.ru",
                    login: "stu1", teacherID: try cabinet.account(login: "tea1")?.id, className: "5А"),
                password: passwords[2])
            let agent = try cabinet.addAccount(
                NewAccount(role: .agent, login: "agent1", isConfirmed: true), password: passwords[3])
            let issued = try cabinet.registerOrganization(
                actor: agent.id,
                OrganizationRegistration(
                    inn: TestCabinet.innC, name: "Другая школа", email: "o@school.example.ru",
                    directorName: "Директоров Олег Олегович"))
            passwords.append(issued.password)
            try DemoSchool.seed(cabinet)
            _ = try cabinet.authenticate(login: "dir1", password: passwords[0], chat: "tg:1")
            _ = cabinetError { try cabinet.authenticate(login: "dir1", password: "Wrong-Secret-555", chat: "tg:1") }
            walBytes = try Data(contentsOf: URL(fileURLWithPath: path + "-wal"))
        }
        let databaseBytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let walAfterClose = (try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data()
        let hashPrefix = Data("$y$".utf8)
        #expect(walBytes.range(of: hashPrefix) != nil)
        #expect(databaseBytes.range(of: hashPrefix) != nil)
        for password in passwords + ["Wrong-Secret-555"] {
            let bytes = Data(password.utf8)
            #expect(databaseBytes.range(of: bytes) == nil, "database holds \(password)")
            #expect(walBytes.range(of: bytes) == nil, "WAL holds \(password)")
            #expect(walAfterClose.range(of: bytes) == nil, "WAL after close holds \(password)")
        }
    }
}
