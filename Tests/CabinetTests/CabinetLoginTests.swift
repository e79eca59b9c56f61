import BotCore
import Foundation
import Testing

@testable import Cabinet

/// Logging in, the lockout, and chat bindings.
struct CabinetLoginTests {
    @Test func theRightPairLogsInAndBindsTheChat() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let account = try test.cabinet.authenticate(login: "  ADirector ", password: "adirector-pass", chat: "tg:1")
        #expect(account.id == school.director.id)
        #expect(try test.cabinet.boundAccount(chat: "tg:1")?.id == school.director.id)
        test.clock.advance(by: 60)
        try test.cabinet.authenticate(login: "adirector", password: "adirector-pass", chat: "tg:2")
        #expect(try test.cabinet.chats(boundTo: school.director.id) == ["tg:2", "tg:1"])
        #expect(try test.cabinet.logout(chat: "tg:1"))
        #expect(try test.cabinet.boundAccount(chat: "tg:1") == nil)
        #expect(try test.cabinet.logout(chat: "tg:1") == false)
        #expect(try test.cabinet.chats(boundTo: school.director.id) == ["tg:2"])
    }

    @Test func aWrongLoginAndAWrongPasswordFailAlike() throws {
        let test = try TestCabinet()
        _ = try test.makeSchool()
        let wrongPassword = cabinetError {
            try test.cabinet.authenticate(login: "adirector", password: "nope-nope", chat: "c")
        }
        let wrongLogin = cabinetError {
            try test.cabinet.authenticate(login: "nobody", password: "adirector-pass", chat: "c")
        }
        #expect(wrongPassword == .invalidCredentials)
        #expect(wrongLogin == .invalidCredentials)
        #expect(try test.cabinet.boundAccount(chat: "c") == nil)
    }

    @Test func fiveFailuresLockTheLoginForFifteenMinutes() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        for _ in 1...4 {
            #expect(
                cabinetError { try test.cabinet.authenticate(login: "adirector", password: "wrong-one", chat: "c") }
                    == .invalidCredentials)
            test.clock.advance(by: 10)
        }
        let until = test.clock.now().addingTimeInterval(15 * 60)
        #expect(
            cabinetError { try test.cabinet.authenticate(login: "adirector", password: "wrong-one", chat: "c") }
                == .loginLocked(until: until))
        test.clock.advance(by: 15 * 60 - 1)
        #expect(
            cabinetError { try test.cabinet.authenticate(login: "adirector", password: "adirector-pass", chat: "c") }
                == .loginLocked(until: until))
        #expect(try test.cabinet.boundAccount(chat: "c") == nil)
        test.clock.advance(by: 1)
        #expect(
            try test.cabinet.authenticate(login: "adirector", password: "adirector-pass", chat: "c").id
                == school.director.id)
    }

    @Test func aLockedLoginDoesNotLockOthers() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        for _ in 1...5 {
            _ = cabinetError { try test.cabinet.authenticate(login: "adirector", password: "x-wrong", chat: "c") }
        }
        #expect(
            try test.cabinet.authenticate(login: "ateacher", password: "ateacher-pass", chat: "c").id
                == school.teacher.id)
    }

    @Test func unknownLoginsLockToo() throws {
        let test = try TestCabinet()
        for _ in 1...4 {
            _ = cabinetError { try test.cabinet.authenticate(login: "ghost", password: "x-wrong", chat: "c") }
        }
        let error = cabinetError { try test.cabinet.authenticate(login: "ghost", password: "x-wrong", chat: "c") }
        #expect(error == .loginLocked(until: test.clock.now().addingTimeInterval(15 * 60)))
    }

    @Test func aSuccessClearsTheFailures() throws {
        let test = try TestCabinet()
        _ = try test.makeSchool()
        for _ in 1...4 {
            _ = cabinetError { try test.cabinet.authenticate(login: "adirector", password: "x-wrong", chat: "c") }
        }
        try test.cabinet.authenticate(login: "adirector", password: "adirector-pass", chat: "c")
        for _ in 1...4 {
            #expect(
                cabinetError { try test.cabinet.authenticate(login: "adirector", password: "x-wrong", chat: "c") }
                    == .invalidCredentials)
        }
    }

    @Test func failuresOlderThanTheIntervalAreForgotten() throws {
        let test = try TestCabinet()
        _ = try test.makeSchool()
        for _ in 1...4 {
            _ = cabinetError { try test.cabinet.authenticate(login: "adirector", password: "x-wrong", chat: "c") }
        }
        test.clock.advance(by: 15 * 60 + 1)
        #expect(
            cabinetError { try test.cabinet.authenticate(login: "adirector", password: "x-wrong", chat: "c") }
                == .invalidCredentials)
    }

    @Test func aFailureIsRecordedEvenInsideTheCallersTransaction() throws {
        let test = try TestCabinet()
        _ = try test.makeSchool()
        try test.connection.transaction {
            for _ in 1...5 {
                _ = cabinetError { try test.cabinet.authenticate(login: "adirector", password: "x-wrong", chat: "c") }
            }
        }
        #expect(
            cabinetError { try test.cabinet.authenticate(login: "adirector", password: "adirector-pass", chat: "c") }
                == .loginLocked(until: test.clock.now().addingTimeInterval(15 * 60)))
    }

    @Test func anImportedAccountWithoutPasswordCannotLogInUntilOneIsSet() throws {
        let test = try TestCabinet()
        _ = try test.makeSchool()
        let csv = "role,name,email,login,teacher_login,class\nteacher,Петров Пётр Петрович,,petrov,,\n"
        #expect(try test.cabinet.importUsers(organizationINN: TestCabinet.innA, csv: csv).isApplied)
        #expect(try test.cabinet.account(login: "petrov")?.hasPassword == false)
        #expect(
            cabinetError { try test.cabinet.authenticate(login: "petrov", password: "", chat: "c") }
                == .invalidCredentials)
        try test.cabinet.setPassword(login: "petrov", password: "petrov-new-pass")
        #expect(
            try test.cabinet.authenticate(login: "petrov", password: "petrov-new-pass", chat: "c").login == "petrov")
        #expect(
            cabinetError { try test.cabinet.setPassword(login: "nobody", password: "long-enough") } == .accountNotFound)
        #expect(
            cabinetError { try test.cabinet.setPassword(login: "petrov", password: "short") }
                == .weakPassword(.tooShort(minimum: 8)))
    }
}
