import BotCore
import Foundation
import Testing

@testable import Cabinet

/// Self-registration of teachers and students into an existing organization.
struct CabinetRegistrationTests {
    @Test func aStudentRegistersWithAConfirmedTeacherAndWaits() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let teachers = try test.cabinet.confirmedTeachers(inn: TestCabinet.innA)
        #expect(teachers == [TeacherChoice(id: school.teacher.id, fullName: "Смирнов Алексей Викторович")])
        let account = try test.cabinet.register(
            Registration(
                inn: "7707083893", role: .student, fullName: "новиков никита николаевич", email: "nik@example.ru",
                login: "Nikita", teacherID: school.teacher.id, className: "7б"),
            password: "nikita-secret")
        #expect(account.status == .pending && account.role == .student)
        #expect(account.fullName == "Новиков Никита Николаевич" && account.login == "nikita")
        #expect(account.className == "7Б" && account.teacherID == school.teacher.id)
        #expect(try test.cabinet.pendingUsers(actor: school.teacher.id).users.contains { $0.id == account.id })
        #expect(try test.cabinet.authenticate(login: "nikita", password: "nikita-secret", chat: "c").id == account.id)
    }

    @Test func aTeacherRegistersWithoutTeacherOrClass() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let account = try test.cabinet.register(
            Registration(
                inn: TestCabinet.innA, role: .teacher, fullName: "Орлова Ольга Олеговна", email: "o@example.ru",
                login: "orlova"),
            password: "orlova-secret")
        #expect(account.role == .teacher && account.teacherID == nil && account.className == nil)
        #expect(try test.cabinet.pendingCounts(actor: school.director.id).teachers == 2)
    }

    @Test func registrationRefusalsSayWhy() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let other = try test.makeSchool(inn: TestCabinet.innB, prefix: "b")
        let base = Registration(
            inn: TestCabinet.innA, role: .student, fullName: "Новиков Никита", email: "n@example.ru", login: "nikita",
            teacherID: school.teacher.id, className: "7Б")
        func refusal(_ change: (inout Registration) -> Void, password: String = "nikita-secret") -> CabinetError? {
            var registration = base
            change(&registration)
            return cabinetError { try test.cabinet.register(registration, password: password) }
        }
        #expect(refusal { $0.inn = TestCabinet.innC } == .organizationNotFound)
        #expect(refusal { $0.inn = "123" } == .invalidINN(.wrongLength(3)))
        #expect(refusal { $0.role = .director } == .invalidField(.role))
        #expect(refusal { $0.login = "ateacher" } == .loginTaken("ateacher"))
        #expect(refusal { $0.teacherID = school.pendingTeacher.id } == .teacherNotFound)
        #expect(refusal { $0.teacherID = other.teacher.id } == .teacherNotFound)
        #expect(refusal { $0.teacherID = nil } == .teacherNotFound)
        #expect(refusal { $0.className = nil } == .invalidField(.className))
        #expect(refusal { $0.email = "n@" } == .invalidEmail(.badDomain("")))
        #expect(refusal({ _ in }, password: "nikita") == .weakPassword(.tooShort(minimum: 8)))
        #expect(try test.cabinet.account(login: "nikita") == nil)
        #expect(cabinetError { try test.cabinet.confirmedTeachers(inn: TestCabinet.innC) } == .organizationNotFound)
    }
}

/// «Такой логин уже занят» tells whether a login exists: a chat that keeps hearing it is stopped for a while.
@Test func aChatProbingForTakenLoginsIsLockedOut() throws {
    let test = try TestCabinet()
    _ = try test.makeSchool()
    func attempt(_ login: String, chat: String) -> CabinetError? {
        cabinetError {
            try test.cabinet.register(
                Registration(
                    inn: TestCabinet.innA, role: .teacher, fullName: "Орлова Ольга Олеговна", email: "o@example.ru",
                    login: login), password: "orlova-secret", chat: chat)
        }
    }
    for _ in 1...Cabinet.maximumLoginFailures {
        #expect(attempt("adirector", chat: "probe") == .loginTaken("adirector"))
    }
    let locked = attempt("adirector", chat: "probe")
    #expect(locked == .loginLocked(until: test.clock.now().addingTimeInterval(Cabinet.lockoutInterval)))
    #expect(attempt("free-login", chat: "probe") == locked, "the probing chat cannot register at all for a while")
    #expect(attempt("adirector", chat: "honest") == .loginTaken("adirector"), "other chats are not affected")
    #expect(attempt("free-login", chat: "honest") == nil)
}
