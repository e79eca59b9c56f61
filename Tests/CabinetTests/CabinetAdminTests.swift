import BotCore
import Foundation
import Testing

@testable import Cabinet

/// The administrator's commands: add-org, add-account, import-users.
struct CabinetAdminTests {
    static let header = "role,name,email,login,teacher_login,class"

    @Test func addOrganizationValidatesAndRefusesADuplicate() throws {
        let test = try TestCabinet()
        let organization = try test.cabinet.addOrganization(
            inn: " 7707 083 893 ", name: " МБОУ СОШ № 1 ", email: "s@Example.RU", region: "Татарстан")
        #expect(organization.inn == "7707083893" && organization.name == "МБОУ СОШ № 1")
        #expect(organization.region == "16" && organization.email == "s@example.ru")
        #expect(try test.cabinet.organization(inn: "7707083893") == organization)
        #expect(
            cabinetError { try test.cabinet.addOrganization(inn: "7707083893", name: "x", email: "x@example.ru") }
                == .organizationExists)
        #expect(
            cabinetError { try test.cabinet.addOrganization(inn: "7707083894", name: "x", email: "x@example.ru") }
                == .invalidINN(.badCheckDigit))
        #expect(
            cabinetError {
                try test.cabinet.addOrganization(inn: TestCabinet.innB, name: "x", email: "x@example.ru", region: "99")
            }
                == .invalidRegion(.unknownCode(99)))
        #expect(try test.count("organization") == 1)
    }

    @Test func addAccountIsPendingUnlessConfirmed() throws {
        let test = try TestCabinet()
        try test.cabinet.addOrganization(inn: TestCabinet.innA, name: "Школа", email: "s@example.ru")
        let pending = try test.cabinet.addAccount(
            NewAccount(role: .teacher, login: "Teacher1", organizationINN: TestCabinet.innA), password: "teacher1-pass")
        #expect(pending.status == .pending && pending.login == "teacher1" && pending.fullName == "teacher1")
        let director = try test.cabinet.addAccount(
            NewAccount(role: .director, login: "boss", organizationINN: TestCabinet.innA, isConfirmed: true),
            password: "boss-pass-1")
        #expect(director.status == .confirmed)
        #expect(try test.cabinet.directorIdentity(actor: director.id).state == .confirmed)
        #expect(try test.cabinet.director(of: director.organizationID!)?.id == director.id)
        let student = try test.cabinet.addAccount(
            NewAccount(
                role: .student, login: "pupil", organizationINN: TestCabinet.innA, fullName: "Учеников Иван",
                teacherLogin: "TEACHER1", className: "5 а"),
            password: "pupil-pass")
        #expect(student.teacherID == pending.id && student.className == "5А")
    }

    @Test func addAccountRefusalsChangeNothing() throws {
        let test = try TestCabinet()
        try test.cabinet.addOrganization(inn: TestCabinet.innA, name: "Школа", email: "s@example.ru")
        try test.cabinet.addAccount(
            NewAccount(role: .director, login: "boss", organizationINN: TestCabinet.innA), password: "boss-pass-1")
        let cases: [(NewAccount, String, CabinetError)] = [
            (
                NewAccount(role: .teacher, login: "boss", organizationINN: TestCabinet.innA), "long-enough",
                .loginTaken("boss")
            ),
            (
                NewAccount(role: .director, login: "boss2", organizationINN: TestCabinet.innA), "long-enough",
                .directorExists(AccountID(rawValue: 1))
            ),
            (
                NewAccount(role: .teacher, login: "t", organizationINN: TestCabinet.innA), "long-enough",
                .invalidField(.login)
            ),
            (
                NewAccount(role: .teacher, login: "tea1", organizationINN: TestCabinet.innA), "short",
                .weakPassword(.tooShort(minimum: 8))
            ),
            (NewAccount(role: .teacher, login: "tea1"), "long-enough", .invalidField(.organization)),
            (
                NewAccount(role: .agent, login: "agt1", organizationINN: TestCabinet.innA), "long-enough",
                .invalidField(.organization)
            ),
            (
                NewAccount(role: .teacher, login: "tea1", organizationINN: TestCabinet.innB), "long-enough",
                .organizationNotFound
            ),
            (
                NewAccount(role: .teacher, login: "tea1", organizationINN: TestCabinet.innA, className: "5А"),
                "long-enough", .invalidField(.teacher)
            ),
            (
                NewAccount(role: .student, login: "stu1", organizationINN: TestCabinet.innA, teacherLogin: "boss"),
                "long-enough", .teacherNotFound
            ),
            (
                NewAccount(role: .student, login: "stu1", organizationINN: TestCabinet.innA, fullName: "И. И."),
                "long-enough", .invalidName(.fullName, .initials("И."))
            ),
            (
                NewAccount(role: .student, login: "stu1", organizationINN: TestCabinet.innA, className: "12Б"),
                "long-enough", .invalidField(.className)
            ),
        ]
        for (account, password, expected) in cases {
            #expect(
                cabinetError { try test.cabinet.addAccount(account, password: password) } == expected,
                "\(account.login)")
        }
        #expect(try test.count("account") == 1)
    }

    @Test func importUsersReportsEveryBadRowByLineAndImportsNothing() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let csv = """
            \(Self.header)
            teacher,Петров Пётр Петрович,petrov@example.ru,petrov,,
            student,Сидорова Анна,,anna,petrov,5А

            директор,Иванов Иван,,ivanov,,
            student,Х,,xx1,,
            student,"Смирнова ""Мария"" Ивановна",bad-mail,ateacher,nobody,13В
            teacher,Орлов Олег,,petrov,ateacher,
            student,Кузнецов Кирилл,,kk
            """
        let report = try test.cabinet.importUsers(organizationINN: TestCabinet.innA, csv: csv)
        #expect(!report.isApplied)
        #expect(report.imported.isEmpty)
        #expect(report.organizationID == school.organization.id)
        let expected: [ImportProblem] = [
            ImportProblem(line: 5, problem: .role("директор")),
            ImportProblem(line: 6, problem: .name(.tooFewWords(1))),
            ImportProblem(line: 7, problem: .name(.badCharacters("\""))),
            ImportProblem(line: 7, problem: .email(.missingAt)),
            ImportProblem(line: 7, problem: .loginTaken("ateacher")),
            ImportProblem(line: 7, problem: .className),
            ImportProblem(line: 8, problem: .duplicateLogin(firstLine: 2)),
            ImportProblem(line: 8, problem: .teacherRowWithStudentFields),
            ImportProblem(line: 9, problem: .wrongFieldCount(4)),
        ]
        #expect(report.problems == expected)
        #expect(try test.cabinet.account(login: "petrov") == nil)
        #expect(try test.count("account") == 6)
    }

    @Test func importUsersImportsPendingTeachersAndStudents() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let csv =
            "\u{FEFF}login,name,role,email,class,teacher_login\r\n"
            + "anna,Сидорова Анна Ивановна,student,,5А,petrov\r\n"
            + "petrov,\"Петров Пётр Петрович\",teacher,petrov@example.ru,,\r\n"
            + "boris,Борисов Борис,ученик,,,ateacher\r\n"
        let report = try test.cabinet.importUsers(organizationINN: TestCabinet.innA, csv: csv)
        #expect(report.isApplied)
        #expect(
            report.imported == [
                ImportedUser(line: 2, role: .student, login: "anna"),
                ImportedUser(line: 3, role: .teacher, login: "petrov"),
                ImportedUser(line: 4, role: .student, login: "boris"),
            ])
        let petrov = try #require(try test.cabinet.account(login: "petrov"))
        let anna = try #require(try test.cabinet.account(login: "anna"))
        #expect(petrov.status == .pending && petrov.role == .teacher && !petrov.hasPassword)
        #expect(anna.teacherID == petrov.id && anna.className == "5А" && anna.organizationID == school.organization.id)
        #expect(try test.cabinet.account(login: "boris")?.teacherID == school.teacher.id)
        #expect(try test.cabinet.pendingCounts(actor: school.director.id) == PendingCounts(teachers: 2, students: 5))
    }

    @Test func importUsersRefusesABadFileAsAWhole() throws {
        let test = try TestCabinet()
        _ = try test.makeSchool()
        #expect(
            cabinetError { try test.cabinet.importUsers(organizationINN: TestCabinet.innA, csv: "\n\n") }
                == .importFile(.empty))
        #expect(
            cabinetError {
                try test.cabinet.importUsers(organizationINN: TestCabinet.innA, csv: "role,name\nteacher,x")
            }
                == .importFile(.badHeader(["role", "name"])))
        #expect(
            cabinetError {
                try test.cabinet.importUsers(
                    organizationINN: TestCabinet.innA, csv: "\(Self.header)\nteacher,\"Петров,,x,,\n")
            } == .importFile(.unterminatedQuote(line: 2)))
        #expect(
            cabinetError { try test.cabinet.importUsers(organizationINN: TestCabinet.innB, csv: Self.header) }
                == .organizationNotFound)
    }
}
