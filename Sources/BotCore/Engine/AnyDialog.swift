import Foundation
import Synchronization

/// A dialog with its state erased to JSON, so dialogs of any state type share one stack.
struct AnyDialog<Environment> {
    let id: String
    let version: Int
    let start: (String?, DialogContext<Environment>) throws -> Step<String>
    let handle: (DialogEvent, String, DialogContext<Environment>) throws -> Step<String>
    let stepID: (String) throws -> String
    let formatHint: (String, DialogContext<Environment>) throws -> String?

    init<D: Dialog>(_ dialog: D) where D.Environment == Environment {
        id = dialog.id
        version = dialog.version
        let memo = StateMemo<D.State>()
        func decode(_ json: String) throws -> D.State {
            if let known = memo.value(for: json) { return known.state }
            let state = try Self.decode(D.State.self, json)
            memo.remember(json: json, state: state, step: dialog.step(of: state))
            return state
        }
        func erase(_ step: Step<D.State>) throws -> Step<String> {
            try Self.erase(step) { state in
                let json = try Self.encode(state)
                memo.remember(json: json, state: state, step: dialog.step(of: state))
                return json
            }
        }
        start = { argument, context in
            try erase(dialog.start(argument, context: context))
        }
        handle = { event, json, context in
            try erase(dialog.handle(event, state: try decode(json), context: context))
        }
        stepID = { json in
            if let known = memo.value(for: json) { return known.step }
            return dialog.step(of: try decode(json))
        }
        formatHint = { json, context in
            dialog.formatHint(for: try decode(json), context: context)
        }
    }

    private static func decode<S: Decodable>(_ type: S.Type, _ json: String) throws -> S {
        try StateJSON.decode(type, from: json)
    }

    private static func encode<S: Encodable>(_ state: S) throws -> String {
        try StateJSON.encode(state)
    }

    private static func erase<S>(_ step: Step<S>, encode: (S) throws -> String) throws -> Step<String> {
        let transition: Transition<String>
        switch step.transition {
        case .stay(let state): transition = .stay(try encode(state))
        case .push(let state, let child): transition = .push(try encode(state), child: child)
        case .replace(let launch): transition = .replace(launch)
        case .finish(let result): transition = .finish(result)
        case .handBack: transition = .handBack
        case .toMenu: transition = .toMenu
        }
        return Step(step.messages, transition, invalid: step.isInvalidAnswer)
    }
}

/// The states a dialog decoded or encoded lately, by their JSON, with their step ids: a turn reads its top state
/// three times (the stack check, the event, the step id of the answer) and the answer's state once more at the
/// chat's next turn, and each decode costs more than the dialog's own work.
///
/// Chats take turns in between, so the memo keeps the most recent `capacity` states (first in, first out); a state must
/// come back equal from its JSON, as `Codable` states do, so a chat may share an entry with another whose state is the
/// same.
///
/// `Mutex`: engines may be shared between threads (scripted tests run in parallel).
final class StateMemo<State: Sendable>: Sendable {
    struct Entry: Sendable {
        var state: State
        var step: String
    }

    let capacity: Int
    /// Not generic, so that the dictionary and the lock run specialized code rather than through `State`'s
    /// witnesses on every look-up; a state comes back out with a cast, always to the same type.
    private let storage: Mutex<StateMemoStorage>

    init(capacity: Int = 4_096) {
        self.capacity = max(1, capacity)
        storage = Mutex(StateMemoStorage(capacity: self.capacity))
    }

    func value(for json: String) -> Entry? {
        let key = ByteKey(json)
        guard let stored = storage.withLock({ $0.entries[key] }) else { return nil }
        return Entry(state: stored.state as! State, step: stored.step)
    }

    func remember(json: String, state: State, step: String) {
        let key = ByteKey(json)
        let entry = StateMemoStorage.Entry(state: state, step: step)
        storage.withLock { $0.entries.store(entry, for: key) }
    }

    var count: Int { storage.withLock { $0.entries.count } }
}

/// A `StateMemo`'s entries, whatever its state type.
private struct StateMemoStorage: Sendable {
    struct Entry: Sendable {
        var state: any Sendable
        var step: String
    }

    var entries: RecentTable<ByteKey, Entry>

    init(capacity: Int) {
        entries = RecentTable(capacity: capacity)
    }
}
