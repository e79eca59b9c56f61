import BotCore
import Foundation

/// Runs the hostile corpus through one transport and says what went wrong.
///
/// Every line gets exactly its documented answer (then a ping proves the connection still works); a bystander
/// chat talks in between and must go on as if nothing happened. Every hostile answer is typed at every step of
/// every form and must get a turn.
final class HostileRunner {
    let transport: LineTransport
    /// Where the bystander chat talks: the same connection, or another one to the same server.
    let bystanderTransport: LineTransport
    private(set) var problems: [String] = []
    private(set) var tried = 0
    private var counter = 0

    init(_ transport: LineTransport, bystander: LineTransport? = nil) {
        self.transport = transport
        self.bystanderTransport = bystander ?? transport
    }

    private func nextID() -> String {
        counter += 1
        return "\(transport.name)-\(counter)"
    }

    private func problem(_ text: String) {
        problems.append("\(transport.name): \(text)")
    }

    // MARK: - Lines

    /// Every hostile line, then every hostile answer at the form's steps (all of them in the long mode).
    func runCorpus() throws {
        runLines(try HostileCorpus.lines())
        runAnswers(try HostileCorpus.answers(), steps: Self.formSteps(inn: crashINN(region: "16", 0), all: longTests))
    }

    func runLines(_ corpus: [HostileCorpus.Line]) {
        let bystander = CrashScript.credentials(9_000 + transport.name.count, helpRounds: 40)
        var step = 0
        func talk() {
            guard step < bystander.steps.count else { return }
            let expected = bystander.steps[step]
            let turn = bystanderTransport.message(chat: bystander.chat, expected.text, id: "\(bystander.chat)-\(step)")
            if turn?.dialog != expected.dialog || turn?.step != expected.step {
                let got = "\(turn?.dialog ?? "-")/\(turn?.step ?? "-")"
                problem("the bystander's \(expected.text) got \(got)")
            }
            step += 1
        }
        talk()
        talk()
        for (index, entry) in corpus.enumerated() {
            tried += 1
            guard let lines = transport.exchange(entry.bytes, canary: "canary-\(index)") else {
                problem("line \(entry.number): no pong after it; the server is gone or stuck")
                return
            }
            check(lines, entry)
            if index % 6 == 0 { talk() }
        }
        while step < min(bystander.steps.count, 14) { talk() }
    }

    private func check(_ lines: [ServerLine], _ entry: HostileCorpus.Line) {
        let got = lines.map { "\($0.type) \($0.code ?? "") \($0.message ?? "")" }
        switch entry.expected {
        case "ignored":
            if !lines.isEmpty { problem("line \(entry.number): expected nothing, got \(got)") }
        case "pong":
            if lines.count != 1 || lines[0].type != "pong" {
                problem("line \(entry.number): expected a pong, got \(got)")
            }
        case "turn":
            guard lines.count == 1, let turn = lines.first, turn.type == "turn" else {
                problem("line \(entry.number): expected a turn, got \(got)")
                return
            }
            if turn.messages.isEmpty || turn.messages.contains(where: { $0.text.isEmpty }) || turn.step == nil {
                problem("line \(entry.number): a turn without a clear message")
            }
        default:
            guard lines.count == 1, lines[0].type == "error", lines[0].code == entry.expected else {
                problem("line \(entry.number): expected \(entry.expected), got \(got)")
                return
            }
            if (lines[0].message ?? "").isEmpty { problem("line \(entry.number): an error without a message") }
        }
    }

    // MARK: - Answers in forms

    /// A step of a form and how to get there from anywhere.
    struct FormStep {
        var dialog: String
        var step: String
        var path: [String]
    }

    /// The form steps of a run: all of them in the long mode, one of each kind by default.
    static func formSteps(inn: String, all: Bool) -> [FormStep] {
        let steps = allFormSteps(inn: inn)
        guard !all else { return steps }
        let chosen: Set<String> = [
            "menu/main", "credentials/ask_inn", "credentials/ask_email", "login/ask_password", "registration/ask_login",
            "support/ask_question",
        ]
        return steps.filter { chosen.contains("\($0.dialog)/\($0.step)") }
    }

    /// Every form step a person types free text at (`inn`: a registered school's INN).
    static func allFormSteps(inn: String) -> [FormStep] {
        let credentials = ["/menu", "Нет логина и пароля"]
        let registration = ["/menu", "Регистрация учителя или ученика"]
        return [
            FormStep(dialog: "menu", step: "main", path: ["/menu"]),
            FormStep(dialog: "credentials", step: "ask_name", path: credentials),
            FormStep(dialog: "credentials", step: "ask_inn", path: credentials + ["Гимназия № 7"]),
            FormStep(dialog: "credentials", step: "ask_region", path: credentials + ["Гимназия № 7", inn]),
            FormStep(dialog: "credentials", step: "ask_email", path: credentials + ["Гимназия № 7", inn, "16"]),
            FormStep(
                dialog: "credentials", step: "ask_director",
                path: credentials + ["Гимназия № 7", inn, "16", "school@example.ru"]),
            FormStep(
                dialog: "credentials", step: "ask_phone",
                path: credentials + ["Гимназия № 7", inn, "16", "school@example.ru", "Иванов Иван Иванович"]),
            FormStep(dialog: "login", step: "ask_login", path: ["/menu", "/login"]),
            FormStep(dialog: "login", step: "ask_password", path: ["/menu", "/login", "dir0"]),
            FormStep(dialog: "status", step: "ask_inn", path: ["/menu", "Статус заявки"]),
            FormStep(dialog: "registration", step: "ask_inn", path: registration),
            FormStep(dialog: "registration", step: "ask_name", path: registration + [inn, "Учитель"]),
            FormStep(
                dialog: "registration", step: "ask_email",
                path: registration + [inn, "Учитель", "Сергеева Мария Олеговна"]
            ),
            FormStep(
                dialog: "registration", step: "ask_login",
                path: registration + [inn, "Учитель", "Сергеева Мария Олеговна", "m.s@example.ru"]),
            FormStep(dialog: "support", step: "ask_question", path: ["/menu", "позовите оператора"]),
        ]
    }

    func runAnswers(_ answers: [String], steps: [FormStep]) {
        for (index, form) in steps.enumerated() {
            var chat = "h:\(transport.name):\(index)"
            guard reach(form, chat: chat) else {
                problem("\(form.dialog)/\(form.step) could not be reached")
                continue
            }
            for answer in answers {
                tried += 1
                guard let turn = transport.message(chat: chat, answer, id: nextID()) else {
                    problem("\(form.dialog)/\(form.step): no single answer to \(answer.prefix(40).debugDescription)")
                    return
                }
                if turn.type != "turn" || turn.messages.isEmpty || turn.messages.contains(where: { $0.text.isEmpty }) {
                    let sent = answer.prefix(40).debugDescription
                    problem("\(form.dialog)/\(form.step): \(sent) got \(turn.type) \(turn.code ?? "")")
                }
                if turn.dialog != form.dialog || turn.step != form.step {
                    // Some steps are reached once per chat (a support ticket stays open): then a new chat.
                    if !reach(form, chat: chat) { chat += "+" }
                    guard reach(form, chat: chat) else {
                        problem("\(form.dialog)/\(form.step) could not be reached again")
                        break
                    }
                }
            }
        }
    }

    private func reach(_ form: FormStep, chat: String) -> Bool {
        var last: ServerLine?
        for text in ["/lang ru"] + form.path {
            last = transport.message(chat: chat, text, id: nextID())
            if last?.type != "turn" { return false }
        }
        return last?.dialog == form.dialog && last?.step == form.step
    }
}
