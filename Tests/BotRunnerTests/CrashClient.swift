import BotCore
import Foundation

/// The client side of the crash test: many chats, each waiting for its answer before sending on, with at most
/// `window` messages outstanding in all.
///
/// It remembers every turn it received and checks each against the script, so after any kill it knows exactly what the
/// server acknowledged.
final class CrashClient {
    let scripts: [CrashScript]
    let window: Int
    /// Per script: the next message to send, and how many answers arrived.
    private(set) var nextStep: [Int]
    private(set) var answered: [Int]
    /// Sent messages whose answer has not arrived: id -> script.
    private(set) var outstanding: [String: Int] = [:]
    /// Every answer received first, by message id.
    private(set) var turns: [String: [OutMessage]] = [:]
    /// Per director script: the teachers the client saw confirmed, in order.
    private(set) var confirmed: [Int: [String]] = [:]
    /// The director scripts whose client saw report №1 sent.
    private(set) var reported: Set<Int> = []
    private var lastText: [Int: String] = [:]
    private var cursor = 0
    private(set) var problems: [String] = []
    private(set) var received = 0
    private(set) var duplicates = 0

    init(scripts: [CrashScript], window: Int) {
        self.scripts = scripts
        self.window = window
        nextStep = Array(repeating: 0, count: scripts.count)
        answered = Array(repeating: 0, count: scripts.count)
    }

    var totalSteps: Int { scripts.map(\.steps.count).reduce(0, +) }
    var isDone: Bool {
        outstanding.isEmpty && answered.indices.allSatisfy { answered[$0] == scripts[$0].steps.count }
    }

    static func id(_ script: CrashScript, _ step: Int) -> String { "\(script.chat)#\(step)" }

    func line(_ index: Int, _ step: Int) -> [UInt8] {
        let script = scripts[index]
        return WireCodec.encodeMessage(
            ChatMessage(chat: script.chat, text: script.steps[step].text, id: Self.id(script, step)))
    }

    /// The lines of the messages to send now: round robin over chats that wait for nothing, up to the window.
    func nextBatch() -> [UInt8] {
        var bytes: [UInt8] = []
        var scanned = 0
        while outstanding.count < window && scanned < scripts.count {
            let index = cursor
            cursor = (cursor + 1) % scripts.count
            scanned += 1
            let step = nextStep[index]
            // A chat sends on only when its previous answer came.
            guard step < scripts[index].steps.count, answered[index] == step else { continue }
            outstanding[Self.id(scripts[index], step)] = index
            nextStep[index] += 1
            bytes += line(index, step)
            scanned = 0
        }
        return bytes
    }

    /// The lines of every message whose answer never came (after a restart they are sent again, same ids).
    func resendOutstanding() -> [UInt8] {
        outstanding.sorted { $0.key < $1.key }.flatMap { id, index in line(index, nextStep[index] - 1) }
    }

    /// Takes one line from the server.
    func receive(_ bytes: [UInt8]) {
        guard let line = ServerLine.decode(bytes) else {
            problems.append("not a protocol line: \(String(decoding: bytes.prefix(200), as: UTF8.self))")
            return
        }
        guard line.type == "turn", let id = line.replyTo, let index = outstanding[id] else {
            problems.append(
                "unexpected \(line.type) \(line.code ?? "") for \(line.replyTo ?? "-"): \(line.message ?? "")")
            return
        }
        outstanding[id] = nil
        received += 1
        if line.duplicate { duplicates += 1 }
        let script = scripts[index]
        let step = answered[index]
        let expected = script.steps[step]
        if line.dialog != expected.dialog || line.step != expected.step {
            problems.append(
                "\(id): expected \(expected.dialog)/\(expected.step), got \(line.dialog ?? "-")/\(line.step ?? "-")")
        }
        let text = line.messages.map(\.text).joined(separator: "\n")
        if case .director = script.kind, expected.text == "Отправить отчёт №1", text.contains("Отчёт №1 отправлен") {
            reported.insert(index)
        }
        if case .director = script.kind, step >= CrashScript.firstDecision, expected.text == "подтвердить 1" {
            if text.contains("Подтверждено: 1."), let name = Self.firstListedTeacher(in: lastText[index] ?? "") {
                confirmed[index, default: []].append(name)
            } else {
                problems.append("\(id): no confirmation after the list: \(text.prefix(200))")
            }
        }
        turns[id] = turns[id] ?? line.messages
        lastText[index] = text
        answered[index] += 1
    }

    /// The name in the list's line `1. Name — учитель`.
    static func firstListedTeacher(in text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix("1. ") {
            if let dash = line.range(of: " — учитель") {
                return String(line[line.index(line.startIndex, offsetBy: 3)..<dash.lowerBound])
            }
        }
        return nil
    }

    /// An answered message: its id, chat and text, and the answer received.
    struct Answered {
        var id: String
        var chat: String
        var text: String
        var messages: [OutMessage]
    }

    /// Up to `count` answered messages, spread over the chats.
    func answeredSample(_ count: Int, using random: inout some RandomNumberGenerator) -> [Answered] {
        var sample: [Answered] = []
        let candidates = scripts.indices.filter { answered[$0] > 0 }.shuffled(using: &random)
        for index in candidates.prefix(count) {
            let step = Int.random(in: 0..<answered[index], using: &random)
            let id = Self.id(scripts[index], step)
            if let messages = turns[id] {
                sample.append(
                    Answered(
                        id: id, chat: scripts[index].chat, text: scripts[index].steps[step].text, messages: messages))
            }
        }
        return sample
    }
}
