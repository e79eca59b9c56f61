import BotCore
import Foundation

/// The reference workload (BENCH.md): per chat, the credential request from `/start` to the letter.
enum BenchWorkload {
    /// What the person sends, turn by turn.
    static let texts = [
        "/start",
        "Нет логина и пароля",
        "МБОУ СОШ №1 г. Казани",
        "1234567890",  // bad check digit: refused
        "7707083893",
        "16",
        "school1@example.ru",
        "Иванов Иван Иванович",
        "Пропустить",
        "Всё верно",
    ]
    /// The turn whose INN must be refused (the chat stays at `ask_inn`).
    static let badINNTurn = 3
    /// Where every chat must end.
    static let finalMeta = ("credentials", "letter")

    static var turnsPerChat: Int { texts.count }

    static func chat(_ index: Int) -> String { "bench:\(index)" }

    /// The message of sequence number `seq` (turn-major: turn k of every chat before turn k+1 of any).
    static func message(seq: Int, chats: Int) -> ChatMessage {
        ChatMessage(chat: chat(seq % chats), text: texts[seq / chats], id: String(seq))
    }
}

/// Checks a bench run as its turns arrive: every message answered once, in order per chat, the bad INN refused,
/// each chat at the letter.
///
/// A run with any failure prints no figures.
struct BenchCheck {
    let chats: Int
    private var nextTurn: [Int32]
    private(set) var answered = 0
    private(set) var failures: [String] = []
    private(set) var failureCount = 0

    init(chats: Int) {
        self.chats = chats
        nextTurn = Array(repeating: 0, count: chats)
    }

    private mutating func fail(_ problem: String) {
        failureCount += 1
        if failures.count < 5 { failures.append(problem) }
    }

    /// Records one line the bot wrote; returns the sequence number it answers, if any.
    @discardableResult
    mutating func record(_ line: ArraySlice<UInt8>) -> Int? {
        guard let reply = BenchReply.scan(line) else {
            let text = String(decoding: line.prefix(200), as: UTF8.self)
            if let decoded = ServerLine.decode(Array(line)), let seq = decoded.replyTo.flatMap({ Int($0) }) {
                fail("message \(seq): \(decoded.type) \(decoded.code ?? "") \(decoded.message ?? "")")
                answered += 1
                return seq
            }
            fail("unexpected line: \(text)")
            return nil
        }
        record(seq: reply.seq, dialog: reply.dialog, step: reply.step)
        return reply.seq
    }

    /// Records the turn answering `seq`, which ended at (`dialog`, `step`).
    mutating func record(seq: Int, dialog: Substring, step: Substring) {
        answered += 1
        let chat = seq % chats
        let turn = seq / chats
        guard chat < chats, turn < BenchWorkload.turnsPerChat else { return fail("unknown reply_to \(seq)") }
        if Int(nextTurn[chat]) != turn {
            fail("\(BenchWorkload.chat(chat)): turn \(turn + 1) answered when \(nextTurn[chat] + 1) was due")
        }
        nextTurn[chat] = Int32(turn + 1)
        if turn == BenchWorkload.badINNTurn && step != "ask_inn" {
            fail("\(BenchWorkload.chat(chat)): the bad INN was not refused (step \(step))")
        }
        if turn == BenchWorkload.badINNTurn + 1 && step == "ask_inn" {
            fail("\(BenchWorkload.chat(chat)): the good INN was refused")
        }
        let (finalDialog, finalStep) = BenchWorkload.finalMeta
        if turn == BenchWorkload.turnsPerChat - 1 && (dialog != finalDialog || step != finalStep) {
            fail("\(BenchWorkload.chat(chat)): ended at \(dialog)/\(step), not at the letter")
        }
    }

    /// Checks the end state: every turn answered, and the database holds a request from every chat.
    mutating func finish(database: String) {
        if answered != chats * BenchWorkload.turnsPerChat {
            fail("\(answered) answers for \(chats * BenchWorkload.turnsPerChat) messages")
        }
        do {
            let db = try Connection.open(DatabaseLocation(database))
            let recorded =
                try db.scalarInt(
                    "SELECT count(DISTINCT chat) FROM credential_request WHERE chat LIKE 'bench:%'") ?? 0
            if recorded != chats { fail("\(recorded) credential requests recorded for \(chats) chats") }
        } catch {
            fail("cannot check the database: \(error)")
        }
    }
}

/// The fields of a turn line the bench needs, found without a full JSON parse (the bot writes `reply_to`
/// near the start and `meta` last); nil for anything else, which is then decoded properly.
enum BenchReply {
    private static let turnPrefix = Array(#"{"type":"turn","#.utf8)
    private static let replyKey = Array(#""reply_to":""#.utf8)
    private static let metaKey = Array(#","meta":{"dialog":""#.utf8)
    private static let stepKey = Array(#"","step":""#.utf8)

    static func scan(_ line: ArraySlice<UInt8>) -> (seq: Int, dialog: Substring, step: Substring)? {
        guard line.starts(with: turnPrefix), let reply = find(replyKey, in: line, from: line.startIndex) else {
            return nil
        }
        var seq = 0
        var index = reply
        while index < line.endIndex, line[index] != UInt8(ascii: "\"") {
            guard (0x30...0x39).contains(line[index]) else { return nil }
            seq = seq * 10 + Int(line[index] - 0x30)
            index += 1
        }
        guard let meta = findLast(metaKey, in: line) else { return nil }
        guard let dialogEnd = line[meta...].firstIndex(of: UInt8(ascii: "\"")),
            line[dialogEnd...].starts(with: stepKey)
        else { return nil }
        let stepStart = dialogEnd + stepKey.count
        guard let stepEnd = line[stepStart...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        let dialog = Substring(decoding: line[meta..<dialogEnd], as: UTF8.self)
        let step = Substring(decoding: line[stepStart..<stepEnd], as: UTF8.self)
        return (seq, dialog, step)
    }

    /// The index just past the first `pattern` at or after `start`.
    private static func find(_ pattern: [UInt8], in line: ArraySlice<UInt8>, from start: Int) -> Int? {
        var index = start
        while index + pattern.count <= line.endIndex {
            if line[index] == pattern[0] && line[index..<(index + pattern.count)].elementsEqual(pattern) {
                return index + pattern.count
            }
            index += 1
        }
        return nil
    }

    /// The index just past the last `pattern`.
    private static func findLast(_ pattern: [UInt8], in line: ArraySlice<UInt8>) -> Int? {
        var index = line.endIndex - pattern.count
        while index >= line.startIndex {
            if line[index] == pattern[0] && line[index..<(index + pattern.count)].elementsEqual(pattern) {
                return index + pattern.count
            }
            index -= 1
        }
        return nil
    }
}

/// Latencies of one run and what they add up to.
struct BenchFigures {
    var mode: String
    var turns: Int
    var seconds: Double
    var latencies: [UInt64]  // nanoseconds
    var peakRSSBytes: Int
    var detail: String = ""

    var turnsPerSecond: Double { seconds > 0 ? Double(turns) / seconds : 0 }

    func percentile(_ fraction: Double) -> Double {
        guard !latencies.isEmpty else { return 0 }
        let sorted = latencies.sorted()
        let index = min(sorted.count - 1, Int(Double(sorted.count) * fraction))
        return Double(sorted[index]) / 1e6
    }

    var maxMilliseconds: Double { Double(latencies.max() ?? 0) / 1e6 }

    /// The mean latency of each turn of the workload, in milliseconds (`latencies` are by sequence number:
    /// turn × chats + chat).
    func meanByTurn(chats: Int) -> [Double] {
        var sums = [UInt64](repeating: 0, count: BenchWorkload.turnsPerChat)
        var counts = [Int](repeating: 0, count: BenchWorkload.turnsPerChat)
        for (seq, latency) in latencies.enumerated() where seq / chats < sums.count {
            sums[seq / chats] += latency
            counts[seq / chats] += 1
        }
        return zip(sums, counts).map { sum, count in count > 0 ? Double(sum) / Double(count) / 1e6 : 0 }
    }
}

/// Peak resident memory (VmHWM) of a process, in bytes; 0 when unknown.
func peakResidentBytes(pid: Int32? = nil) -> Int {
    let path = pid.map { "/proc/\($0)/status" } ?? "/proc/self/status"
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let digits = line.split(separator: " ").compactMap { Int($0) }
        return (digits.first ?? 0) * 1024
    }
    return 0
}
