import BotCore

/// A tiny application for engine tests: a menu, help, and a two-field form.
struct TestEnv {}

struct TestMenu: Dialog {
    struct State: Codable, Equatable, Sendable { var seen = 0 }
    var id: String { "menu" }
    var version: Int { 1 }

    func start(_ argument: String?, context: DialogContext<TestEnv>) -> Step<State> {
        .stay(State(), [OutMessage(context.t("t.menu"), buttons: [["form"]])])
    }

    func handle(_ event: DialogEvent, state: State, context: DialogContext<TestEnv>) -> Step<State> {
        switch event {
        case .text("form"):
            return Step([], .push(state, child: DialogLaunch("form")))
        case .text("boom"):
            return Step([], .push(state, child: DialogLaunch("missing")))
        case .text("??"):
            return .stay(state, [OutMessage("what?")], invalid: true)
        case .childFinished(_, let result):
            return .stay(State(seen: state.seen + 1), [OutMessage("finished: \(result)")])
        default:
            return .stay(state, [OutMessage(context.t("t.menu"))])
        }
    }

    func step(of state: State) -> String { "main" }
}

struct TestHelp: Dialog {
    struct State: Codable, Equatable, Sendable {}
    var id: String { "help" }

    func start(_ argument: String?, context: DialogContext<TestEnv>) -> Step<State> {
        .stay(State(), [OutMessage("help text")])
    }

    func handle(_ event: DialogEvent, state: State, context: DialogContext<TestEnv>) -> Step<State> {
        if case .text("form") = event { return Step([OutMessage("handing back")], .handBack) }
        return .finish(.done(nil))
    }

    func step(of state: State) -> String { "overview" }
}

/// A form asking a name and an optional digit string.
struct TestForm: Dialog {
    var id: String { "form" }
    var version: Int { 1 }

    static let form = Form<TestEnv>([
        FormField("name", prompt: "t.ask_name", label: "t.label_name", hint: "t.hint_name") { text, _ in
            text.count >= 2 ? .valid(text) : .invalid("too short")
        },
        FormField("code", prompt: "t.ask_code", label: "t.label_code", hint: "t.hint_code", optional: true) { text, _ in
            text.allSatisfy(\.isNumber) ? .valid(text) : .invalid("digits only")
        },
    ])

    func start(_ argument: String?, context: DialogContext<TestEnv>) -> Step<FormState> {
        step(Self.form.start(context))
    }

    func handle(_ event: DialogEvent, state: FormState, context: DialogContext<TestEnv>) -> Step<FormState> {
        step(Self.form.handle(event, state, context))
    }

    private func step(_ outcome: FormOutcome) -> Step<FormState> {
        switch outcome {
        case .asking(let state, let messages, let invalid): .stay(state, messages, invalid: invalid)
        case .completed(let state): .finish(.done(state.values["name"]), [OutMessage("done")])
        case .left: .finish(.cancelled)
        }
    }

    func step(of state: FormState) -> String { Self.form.step(of: state) }

    func formatHint(for state: FormState, context: DialogContext<TestEnv>) -> String? {
        Self.form.hint(state, context)
    }
}

enum TestCatalog {
    static let catalog: Catalog = {
        var ru: [String: String] = [:]
        for key in CoreText.allCases { ru[key.rawValue] = "ru:" + key.rawValue }
        var en: [String: String] = [:]
        for key in CoreText.allCases { en[key.rawValue] = "en:" + key.rawValue }
        ru[CoreText.formCurrentValue.rawValue] = "now: {value}"
        ru[CoreText.formatAgain.rawValue] = "format: {hint}"
        ru[CoreText.buttonBack.rawValue] = "Назад"
        en[CoreText.buttonBack.rawValue] = "Back"
        ru[CoreText.buttonSkip.rawValue] = "Пропустить"
        ru[CoreText.buttonConfirm.rawValue] = "Всё верно"
        for key in ["t.menu", "t.ask_name", "t.label_name", "t.hint_name", "t.ask_code", "t.label_code", "t.hint_code"]
        {
            ru[key] = key
            en[key] = "en " + key
        }
        return Catalog([.ru: ru, .en: en])
    }()

    static func engine() -> Engine<TestEnv> {
        Engine(
            dialogs: [TestMenu(), TestHelp(), TestForm()], rootDialog: "menu", helpDialog: "help",
            catalog: catalog, supportLaunch: nil, random: .seeded(1))
    }
}

/// Drives the engine turn by turn with no I/O, keeping the session between turns.
struct EngineProbe {
    let engine = TestCatalog.engine()
    let clock = Clock.frozen(at: Clock.parseInstant("2026-04-30T10:00:00+03:00")!)
    var session: Session?

    mutating func send(_ text: String) throws -> Turn {
        let outcome = try engine.handle(
            IncomingText(chat: "c1", text: text), session: session, clock: clock,
            environment: TestEnv())
        session = outcome.session
        return outcome.turn
    }
}
