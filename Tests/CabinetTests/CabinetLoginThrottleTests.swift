import BotCore
import Foundation
import Testing

@testable import Cabinet

/// The lockout policy after the hostile run (OWASP ASVS V2.2): an attacker's chat is locked, the director's own
/// chat is not; the account-wide limit slows; nothing typed is kept; a clock gone back stretches nothing.
struct CabinetLoginThrottleTests {
    private func fail(_ test: TestCabinet, _ login: String = "adirector", chat: String) -> CabinetError? {
        cabinetError { try test.cabinet.authenticate(login: login, password: "wrong-one", chat: chat) }
    }

    @Test func anAttackersChatIsLockedButTheDirectorsOwnChatIsNot() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        for _ in 1...4 { #expect(fail(test, chat: "evil") == .invalidCredentials) }
        let until = test.clock.now().addingTimeInterval(Cabinet.lockoutInterval)
        #expect(fail(test, chat: "evil") == .loginLocked(until: until))
        #expect(
            cabinetError { try test.cabinet.authenticate(login: "adirector", password: "adirector-pass", chat: "evil") }
                == .loginLocked(until: until), "the attacker's chat stays locked, even with the right password")
        let success = try test.cabinet.logIn(login: "adirector", password: "adirector-pass", chat: "tg:own")
        #expect(success.account.id == school.director.id, "the director's own chat logs in")
        #expect(success.failedAttempts == 5, "and learns of the failed attempts")
        let next = try test.cabinet.logIn(login: "adirector", password: "adirector-pass", chat: "tg:own")
        #expect(next.failedAttempts == 0, "told once")
    }

    @Test func oneChatTryingManyLoginsIsLocked() throws {
        let test = try TestCabinet()
        _ = try test.makeSchool()
        var results: [CabinetError?] = []
        for index in 0..<Cabinet.maximumChatFailures {
            // Existing and unknown logins alike; each (account, chat) stays under its own limit of five.
            let login = ["adirector", "ateacher", "nobody\(index)", "adirector", "ateacher"][index % 5]
            results.append(fail(test, login, chat: "spray"))
            test.clock.advance(by: 1)
        }
        #expect(results.last == .loginLocked(until: test.clock.now().addingTimeInterval(Cabinet.lockoutInterval - 1)))
        #expect(fail(test, "adirector", chat: "another") == .invalidCredentials, "other chats are not affected")
    }

    @Test func manyChatsFailingOneAccountSlowItDownWithoutLockingIt() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        for index in 0..<Cabinet.softAccountFailures {
            #expect(fail(test, chat: "bot-\(index)") == .invalidCredentials)
        }
        let early = cabinetError {
            try test.cabinet.authenticate(login: "adirector", password: "adirector-pass", chat: "tg:own")
        }
        #expect(early == .loginThrottled(until: test.clock.now().addingTimeInterval(1)))
        test.clock.advance(by: 1)
        #expect(
            try test.cabinet.authenticate(login: "adirector", password: "adirector-pass", chat: "tg:own").id
                == school.director.id, "after the short delay the director gets in")
        #expect(Cabinet.softDelay(after: 15) == 32_000 && Cabinet.softDelay(after: 40) == 60_000, "delays grow, capped")
    }

    @Test func nothingTypedIsKeptAsTheLogin() throws {
        let test = try TestCabinet()
        _ = try test.makeSchool()
        #expect(fail(test, "demo-director", chat: "c") == .invalidCredentials)
        #expect(fail(test, "adirector", chat: "c") == .invalidCredentials)
        let keys = try test.cabinet.connection.query("SELECT login_key FROM login_failure") { $0.text(0) }
        #expect(!keys.isEmpty)
        #expect(!keys.contains { $0.contains("demo-director") || $0.contains("adirector") }, "keys: \(keys)")
    }

    @Test func fullWidthLoginsAreNormalized() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let account = try test.cabinet.authenticate(login: "ａｄｉｒｅｃｔｏｒ", password: "adirector-pass", chat: "c")
        #expect(account.id == school.director.id)
        #expect(try Credentials.login("ＡＤＩＲＥＣＴＯＲ") == "adirector")
    }

    @Test func aClockGoneBackDoesNotStretchTheLock() throws {
        let test = try TestCabinet()
        _ = try test.makeSchool()
        for _ in 1...5 { _ = fail(test, chat: "c") }
        test.clock.set(test.clock.now().addingTimeInterval(-24 * 3_600))
        let error = fail(test, chat: "c")
        let bound = test.clock.now().addingTimeInterval(Cabinet.lockoutInterval)
        guard case .loginLocked(let until)? = error else {
            Issue.record("expected a lock, got \(String(describing: error))")
            return
        }
        #expect(until <= bound, "a lock ends at most its duration from now, whatever the clock did")
    }
}
