import BotCore
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A socket client that floods the bot and never reads: its answers back up to the output limit and it is cut
/// off; the server's memory stays bounded, and a chat on another connection keeps being answered throughout.
@Suite(.serialized) struct FaultSlowClientTests {
    @Test func aClientThatStopsReadingIsCutOffAndOtherChatsAreServed() throws {
        let folder = crashTestFolder("fault-slow-socket")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ServeProcess(
            try ServeProcess.sockets(folder: folder, extra: ["--output-limit", "1M", "--queue", "1024"]),
            logURL: folder.appendingPathComponent("log"))
        let (tcp, unix) = try server.listenAddresses()
        let other = try SocketTransport(name: "other", address: unix)
        try #require(other.message(chat: "other", "/start", id: "o-0")?.step == "main")
        let baseline = try #require(server.residentKiB())

        let flooder = try SocketTransport(name: "flooder", address: tcp)
        let fd = flooder.fd
        let total = longTests ? 200_000 : 40_000
        let written = LockedBox(0)
        let done = DispatchSemaphore(value: 0)
        Thread {
            defer { done.signal() }
            for index in 0..<total {
                let line = messageLine(chat: "flood\(index % 100)", index % 2 == 0 ? "/start" : "/help", id: "\(index)")
                guard (try? FileDescriptorIO.writeAll(fd, Array((line + "\n").utf8))) != nil else { return }
                written.value = index + 1
            }
        }.start()

        // Meanwhile another chat, on another connection, keeps talking.
        var peak = baseline
        var slowest = 0.0
        let texts = ["/help", "Когда придёт логин?", "/menu"]
        for round in 1...24 {
            let started = Date()
            let turn = other.message(chat: "other", texts[round % texts.count], id: "o-\(round)")
            slowest = max(slowest, Date().timeIntervalSince(started))
            #expect(turn?.type == "turn", "round \(round): \(String(describing: turn?.type)) \(turn?.code ?? "")")
            peak = max(peak, server.residentKiB() ?? 0)
            usleep(100_000)
        }
        #expect(slowest < 10, "the other chat waited \(slowest) s at most")
        #expect(peak - baseline < 128 * 1024, "resident memory grew by \((peak - baseline) / 1024) MiB")
        #expect(
            server.waitForLog("the client is not reading", timeout: 60),
            "the flooder was cut off: \(server.log().suffix(600))")
        flooder.close()
        _ = done.wait(timeout: .now() + 30)
        #expect(server.isRunning)
        #expect(server.terminate() == 0)
        print(
            "fault: a socket client flooded \(written.value) lines without reading; the other chat's slowest answer "
                + "took \(Int(slowest * 1000)) ms; memory +\((peak - baseline) / 1024) MiB")
    }
}
