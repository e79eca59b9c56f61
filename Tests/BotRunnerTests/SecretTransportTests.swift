import BotCore
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Who may talk to the bot: the Unix socket is the owner's alone (mode 0600, whatever the umask), and the
/// token is compared in time that does not depend on where a guess goes wrong.
@Suite(.serialized) struct SecretTransportTests {
    @Test func theUnixSocketIsCreatedForItsOwnerOnlyWhateverTheUmask() throws {
        let folder = crashTestFolder("secret-socket")
        defer { try? FileManager.default.removeItem(at: folder) }
        let previous = umask(0)
        let server: ServeProcess
        do {
            defer { umask(previous) }
            server = try ServeProcess(
                try ServeProcess.sockets(folder: folder), logURL: folder.appendingPathComponent("log"))
        }
        let (_, unix) = try server.listenAddresses()
        guard case .unixSocket(let path) = unix else { throw SocketTestError("no unix socket") }
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFSOCK)
        #expect(info.st_mode & 0o777 == 0o600, "mode \(String(info.st_mode & 0o777, radix: 8))")
        #expect(info.st_uid == geteuid())
        #expect(server.terminate() == 0)
    }

    @Test func aSocketClientWithoutTheTokenIsRefusedAndCut() throws {
        let folder = crashTestFolder("secret-token")
        defer { try? FileManager.default.removeItem(at: folder) }
        let token = "s3cret-token-" + String(repeating: "x", count: 40)
        let server = try ServeProcess(
            try ServeProcess.sockets(folder: folder, token: token), logURL: folder.appendingPathComponent("log"))
        let (tcp, unix) = try server.listenAddresses()
        let attempts: [(String, ListenAddress, String)] = [
            ("no hello", tcp, #"{"chat":"x","text":"/start"}"#),
            ("a wrong token", unix, #"{"type":"hello","token":"s3cret-token-"}"#),
            ("a longer token", tcp, #"{"type":"hello","token":"\#(token)x"}"#),
            ("no token", unix, #"{"type":"hello"}"#),
            ("a number", tcp, #"{"type":"hello","token":5}"#),
        ]
        for (what, address, line) in attempts {
            let client = try SocketTransport(name: what, address: address)
            #expect(client.write(Array((line + "\n").utf8)))
            let answer = client.readLines(timeout: 10).first.flatMap(ServerLine.decode)
            #expect(
                answer?.code == "unauthorized" || answer?.code == "bad_field", "\(what): \(String(describing: answer))")
            #expect(client.isClosedByServer(), "\(what): the connection is closed")
        }
        let client = try SocketTransport(name: "right", address: tcp)
        #expect(client.write(Array((#"{"type":"hello","token":"\#(token)"}"# + "\n").utf8)))
        #expect(client.message(chat: "ok", "/start", id: "1")?.step == "main")
        #expect(!server.log().contains(token), "the token is never logged")
        #expect(server.terminate() == 0)
    }

    @Test func theTokenCompareIsRightForEveryKindOfGuess() throws {
        let token = try #require(AccessToken("correct horse battery staple\n"))
        #expect(token.matches("correct horse battery staple"))
        for guess in [
            nil, "", "c", "correct horse battery stapl", "correct horse battery staplE", "Correct horse battery staple",
            "correct horse battery staple ", "correct horse battery staple\n", "correct horse battery staplee",
            "correct horse battery staple\u{0}", "correct horse battery stapl\u{E9}",
        ] {
            #expect(!token.matches(guess), "\(String(describing: guess))")
        }
    }

    /// A guess wrong in its first byte takes as long as one wrong in its last: an early exit would make the first
    /// many times faster on a 4 KiB token; the bound allows the noise of a shared machine.
    @Test func theTokenCompareTakesTheSameTimeWhereverTheGuessGoesWrong() throws {
        let secret = String(repeating: "k", count: 4_096)
        let token = try #require(AccessToken(secret))
        let wrongFirst = "x" + String(repeating: "k", count: 4_095)
        let wrongLast = String(repeating: "k", count: 4_095) + "x"
        func fastest(_ guess: String) -> UInt64 {
            var best = UInt64.max
            for _ in 0..<7 {
                let start = DispatchTime.now().uptimeNanoseconds
                var matched = 0
                for _ in 0..<200 where token.matches(guess) { matched += 1 }
                best = min(best, DispatchTime.now().uptimeNanoseconds - start)
                #expect(matched == 0)
            }
            return best
        }
        var ratios: [Double] = []
        for _ in 0..<3 {
            ratios.append(Double(fastest(wrongFirst)) / Double(fastest(wrongLast)))
        }
        let ratio = ratios.sorted()[1]
        #expect(ratio > 0.5 && ratio < 2, "first-byte / last-byte time ratio \(ratio) (\(ratios))")
    }
}
