import BotCore
import Foundation
import Testing

@testable import Cabinet

/// The demo school the README and `chat --demo` use.
struct CabinetDemoSchoolTests {
    @Test func theDemoSchoolIsSeededOnceAndItsLoginsWork() throws {
        let test = try TestCabinet()
        let logins = try DemoSchool.seed(test.cabinet)
        let accounts = try test.count("account")
        #expect(accounts == 4 + 3 + 15)
        try DemoSchool.seed(test.cabinet)
        #expect(try test.count("account") == accounts)
        #expect(try test.count("organization") == 2)
        #expect(Set(logins.map(\.login)) == ["director", "teacher", "newdirector", "agent"])
        for demo in logins {
            let account = try test.cabinet.authenticate(
                login: demo.login, password: demo.password, chat: "demo:\(demo.login)")
            #expect(account.role == demo.role && account.status == demo.status)
        }
        let school = try #require(try test.cabinet.organization(inn: DemoSchool.schoolINN))
        #expect(school.name == "МБОУ СОШ № 1 г. Казани" && school.region == "16")
        let director = try #require(try test.cabinet.account(login: "director"))
        #expect(try test.cabinet.directorIdentity(actor: director.id).state == .confirmed)
        #expect(try test.cabinet.pendingCounts(actor: director.id) == PendingCounts(teachers: 3, students: 15))
        let teacher = try #require(try test.cabinet.account(login: "teacher"))
        #expect(try test.cabinet.pendingUsers(actor: teacher.id).total == 8)
        let newDirector = try #require(try test.cabinet.account(login: "newdirector"))
        #expect(try test.cabinet.directorIdentity(actor: newDirector.id).state == .unconfirmed)
        #expect(try test.cabinet.organization(inn: DemoSchool.secondSchoolINN)?.id == newDirector.organizationID)
        #expect(
            cabinetError {
                try test.cabinet.decide(
                    actor: director.id, subjects: [try #require(try test.cabinet.account(login: "student01")).id],
                    verdict: .confirm)
            }
                == .teachersWaiting(count: 3))
    }
}
