import Foundation

extension Engine {
    /// The work of one turn: the stack being changed and the messages said so far.
    struct Run {
        let engine: Engine
        let context: DialogContext<Environment>
        var frames: [Frame]
        var messages: [OutMessage] = []
        var invalid = false
        private var transitions = 0

        init(engine: Engine, context: DialogContext<Environment>, frames: [Frame]) {
            self.engine = engine
            self.context = context
            self.frames = frames
        }

        /// A reason the stored stack can't go on: a dialog unknown now, or of another flow version.
        func checkStack() -> String? {
            for frame in frames {
                guard let dialog = try? engine.dialog(frame.id) else { return "unknown dialog \(frame.id)" }
                if dialog.version != frame.version { return "\(frame.id) changed" }
                if (try? dialog.stepID(frame.state)) == nil { return "\(frame.id) state unreadable" }
            }
            return nil
        }

        mutating func perform(_ command: CommandAction) throws {
            switch command {
            case .start, .menu:
                frames = []
                try startRoot()
            case .help:
                if frames.last?.id == engine.helpDialog {
                    try deliver(.resumed)
                } else if frames.isEmpty {
                    try startRoot()
                    try start(DialogLaunch(engine.helpDialog))
                } else {
                    try start(DialogLaunch(engine.helpDialog))
                }
            case .back:
                if frames.isEmpty { try startRoot() } else { try deliver(.back) }
            case .cancel:
                if frames.count > 1 {
                    messages.append(OutMessage(context.t(.cancelled)))
                }
                frames = Array(frames.prefix(1))
                if frames.isEmpty { try startRoot() } else { try deliver(.resumed) }
            case .language(let language):
                if let language {
                    context.language = language
                    messages.append(OutMessage(context.t(.languageSet)))
                    if frames.isEmpty { try startRoot() } else { try deliver(.resumed) }
                } else {
                    messages.append(OutMessage(context.t(.languageUsage), buttons: [["/lang ru", "/lang en"]]))
                    if frames.isEmpty { try startRoot() }
                }
            case .launch(let launch, let fromMenu):
                if fromMenu || frames.isEmpty {
                    frames = []
                    try startRoot(quietly: true)
                }
                if frames.last?.id == launch.id {
                    try deliver(.resumed)
                } else {
                    try start(launch)
                }
            }
        }

        mutating func startRoot(quietly: Bool = false) throws {
            let said = messages
            try start(DialogLaunch(engine.rootDialog))
            if quietly { messages = said }
        }

        /// Starts a dialog on top of the stack.
        mutating func start(_ launch: DialogLaunch) throws {
            try countTransition()
            let dialog = try engine.dialog(launch.id)
            context.trail = frames.map { frame in
                "\(frame.id)/" + ((try? engine.dialog(frame.id).stepID(frame.state)) ?? "")
            }
            let step = try dialog.start(launch.argument, context)
            frames.append(Frame(id: dialog.id, version: dialog.version, state: ""))
            try apply(step)
        }

        /// Hands an event to the dialog on top.
        ///
        /// A chat with no dialog yet starts the root quietly and gives the text to it, so that a first message in free
        /// text ("нет пароля") is understood, not just greeted.
        mutating func deliver(_ event: DialogEvent) throws {
            if frames.isEmpty {
                try startRoot(quietly: true)
                if case .text = event {} else { return try deliver(.resumed) }
            }
            guard let top = frames.last else { return try startRoot() }
            try countTransition()
            let step = try engine.dialog(top.id).handle(event, top.state, context)
            try apply(step, event: event)
        }

        private mutating func apply(_ step: Step<String>, event: DialogEvent? = nil) throws {
            messages.append(contentsOf: step.messages)
            invalid = invalid || step.isInvalidAnswer
            switch step.transition {
            case .stay(let state):
                frames[frames.count - 1].state = state
            case .push(let state, let child):
                frames[frames.count - 1].state = state
                try start(child)
            case .replace(let launch):
                frames.removeLast()
                try start(launch)
            case .finish(let result):
                let finished = frames.removeLast()
                if frames.isEmpty {
                    try startRoot()
                } else {
                    try deliver(.childFinished(id: finished.id, result: result))
                }
            case .handBack:
                frames.removeLast()
                if frames.isEmpty { try startRoot(quietly: event != nil) }
                if let event, !frames.isEmpty {
                    try deliver(event)
                } else if !frames.isEmpty {
                    try deliver(.resumed)
                }
            case .toMenu:
                frames = []
                try startRoot()
            }
        }

        private mutating func countTransition() throws {
            transitions += 1
            if transitions > 32 {
                throw EngineFault(reason: "more than 32 transitions in one turn: a dialog loop")
            }
        }

        /// After three invalid answers: the format once more, and a way to a human.
        func retryHelp() throws -> [OutMessage] {
            guard let top = frames.last else { return [] }
            var text = ""
            if let hint = try engine.dialog(top.id).formatHint(top.state, context) {
                text = context.t(.formatAgain, ["hint": .text(hint)]) + "\n"
            }
            text += context.t(.offerHuman)
            var buttons = [[context.t(.buttonHelp), context.t(.buttonMenu)]]
            if engine.supportLaunch != nil {
                buttons.insert([context.t(.buttonHuman)], at: 0)
            }
            return [OutMessage(text, buttons: buttons)]
        }
    }
}
