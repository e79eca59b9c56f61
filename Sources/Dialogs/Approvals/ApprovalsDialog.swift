import BotCore
import Cabinet

/// Confirming or rejecting teachers and students: a numbered table, paging, search, bulk actions, undo.
public struct ApprovalsDialog: Dialog {
    public typealias Environment = SchoolEnvironment
    public typealias Context = DialogContext<SchoolEnvironment>

    static let pageSize = 10

    public enum Phase: Codable, Equatable, Sendable {
        case list
        /// Rows were chosen: confirm or reject them (the buttons say how many).
        case chooseAction(ids: [Int])
        /// Rejecting: an optional reason.
        case askReason(ids: [Int])
        case askSearch
    }

    public struct State: Codable, Equatable, Sendable {
        var phase: Phase = .list
        var role: Role?
        var search: String?
        var offset = 0
        /// The account ids of the rows shown, so that row numbers always mean who was on the screen.
        var shown: [Int] = []
        var total = 0
        var empty = false
    }

    public init() {}

    public var id: String { "approvals" }

    public func start(_ argument: String?, context: Context) -> Step<State> {
        guard let account = context.environment.account(of: context.chat) else {
            return Step([OutMessage(context.t(.approvalsLoginFirst))], .replace(DialogLaunch("login")))
        }
        do {
            _ = try context.environment.cabinet.pendingCounts(actor: account.id)
        } catch {
            return .finish(.cancelled, [OutMessage(ErrorText.message(error, context))])
        }
        return list(State(), account: account, context)
    }

    public func handle(_ event: DialogEvent, state: State, context: Context) -> Step<State> {
        guard let account = context.environment.account(of: context.chat) else {
            return .finish(.cancelled, [OutMessage(context.t(.errorNotLoggedIn))])
        }
        var listState = state
        listState.phase = .list
        switch (state.phase, event) {
        case (.list, .back):
            return .finish(.done(nil))
        case (_, .back), (_, .resumed), (_, .childFinished):
            return list(listState, account: account, context)
        case (.list, .text(let text)):
            return listAnswer(text, state, account: account, context)
        case (.chooseAction(let ids), .text(let text)):
            if Matching.isLabel(text, L.approvalsConfirmVerb.rawValue, context)
                || text.hasPrefix(context.t(.approvalsConfirmVerb))
            {
                return decide(ids, .confirm, reason: nil, state: listState, account: account, context)
            }
            if Matching.isLabel(text, L.approvalsRejectVerb.rawValue, context)
                || text.hasPrefix(context.t(.approvalsRejectVerb))
            {
                var next = state
                next.phase = .askReason(ids: ids)
                return .stay(next, [askReason(context)])
            }
            if Matching.isLabel(text, L.optionReport.rawValue, context) {
                // The report button of the list above, pressed instead of deciding: the selection is dropped.
                return Step([], .replace(DialogLaunch("report")))
            }
            return .stay(
                state, [OutMessage(context.t(.approvalsChooseHint))] + chooseAction(ids, context), invalid: true)
        case (.askReason(let ids), .text(let text)):
            let skip =
                Matching.isLabel(text, CoreText.buttonSkip.rawValue, context)
                || text.trimmingCharacters(in: .whitespaces) == "-"
            let reason = skip ? nil : text.trimmingCharacters(in: .whitespacesAndNewlines)
            if let reason, reason.count > Cabinet.maximumReasonLength {
                return .stay(
                    state,
                    [
                        OutMessage(context.t(.approvalsReasonLong, ["n": .number(Cabinet.maximumReasonLength)])),
                        askReason(context),
                    ], invalid: true)
            }
            return decide(ids, .reject, reason: reason, state: listState, account: account, context)
        case (.askSearch, .text(let text)):
            listState.search = text.trimmingCharacters(in: .whitespaces)
            listState.offset = 0
            return list(listState, account: account, context)
        }
    }

    public func step(of state: State) -> String {
        switch state.phase {
        case .list: state.empty ? "empty" : "list"
        case .chooseAction: "choose_action"
        case .askReason: "ask_reason"
        case .askSearch: "ask_search"
        }
    }

    public func formatHint(for state: State, context: Context) -> String? {
        context.t(.approvalsSelectionHint)
    }

    // MARK: - The list

    private func listAnswer(_ text: String, _ state: State, account: Account, _ context: Context) -> Step<State> {
        var next = state
        if Matching.isLabel(text, L.approvalsNextPage.rawValue, context) {
            next.offset = min(state.offset + Self.pageSize, max(state.total - 1, 0) / Self.pageSize * Self.pageSize)
            return list(next, account: account, context)
        }
        if Matching.isLabel(text, L.approvalsPreviousPage.rawValue, context) {
            next.offset = max(state.offset - Self.pageSize, 0)
            return list(next, account: account, context)
        }
        if Matching.isLabel(text, L.approvalsSearch.rawValue, context) {
            next.phase = .askSearch
            return .stay(next, [OutMessage(context.t(.approvalsAskSearch), buttons: [Step<State>.navigation(context)])])
        }
        if Matching.isLabel(text, L.approvalsShowAll.rawValue, context) {
            next.search = nil
            next.offset = 0
            return list(next, account: account, context)
        }
        if Matching.isLabel(text, L.approvalsUndo.rawValue, context) {
            return undo(state, account: account, context)
        }
        if Matching.isLabel(text, L.optionReport.rawValue, context) {
            return Step([], .replace(DialogLaunch("report")))
        }
        let folded = Matching.fold(text)
        for (prefix, verdict) in [
            (context.t(.approvalsConfirmVerb), Verdict.confirm), (context.t(.approvalsRejectVerb), .reject),
        ] {
            let lowered = Matching.fold(prefix)
            if folded.hasPrefix(lowered + " "),
                let selection = Selection.parse(String(folded.dropFirst(lowered.count + 1)))
            {
                return select(selection, state, account: account, context, verdict: verdict)
            }
        }
        if let selection = Selection.parse(text) {
            return select(selection, state, account: account, context, verdict: nil)
        }
        if folded.count >= 3, !folded.contains(where: \.isNumber) {
            next.search = text.trimmingCharacters(in: .whitespaces)
            next.offset = 0
            return list(next, account: account, context)
        }
        return .stay(state, [OutMessage(context.t(.approvalsSelectionHint))], invalid: true)
    }

    private func select(
        _ selection: Selection, _ state: State, account: Account, _ context: Context,
        verdict: Verdict?
    ) -> Step<State> {
        let ids: [Int]
        switch selection {
        case .page:
            ids = state.shown
        case .rows(let rows):
            guard let bad = rows.first(where: { $0 < 1 || $0 > state.shown.count }) else {
                ids = rows.map { state.shown[$0 - 1] }
                break
            }
            return .stay(
                state,
                [OutMessage(context.t(.approvalsNoSuchRow, ["n": .number(bad), "max": .number(state.shown.count)]))],
                invalid: true)
        case .everyone(let count):
            guard count == state.total else {
                return .stay(
                    state,
                    [
                        OutMessage(
                            context.t(.approvalsCountMismatch, ["n": .number(count), "total": .number(state.total)]))
                    ],
                    invalid: true)
            }
            ids = allIDs(state, account: account, context)
        }
        guard !ids.isEmpty else { return .stay(state, [OutMessage(context.t(.approvalsSelectionHint))], invalid: true) }
        if let verdict, ids.count == 1 {
            var listState = state
            listState.phase = .list
            if verdict == .reject {
                listState.phase = .askReason(ids: ids)
                return .stay(listState, [askReason(context)])
            }
            return decide(ids, verdict, reason: nil, state: listState, account: account, context)
        }
        var next = state
        next.phase = .chooseAction(ids: ids)
        return .stay(next, chooseAction(ids, context))
    }

    private func allIDs(_ state: State, account: Account, _ context: Context) -> [Int] {
        var ids: [Int] = []
        var offset = 0
        while let page = try? context.environment.cabinet.pendingUsers(
            actor: account.id,
            query: PendingQuery(search: state.search, role: state.role, limit: Cabinet.maximumPageSize, offset: offset)),
            !page.users.isEmpty
        {
            ids += page.users.map(\.id.rawValue)
            offset += page.users.count
            if offset >= page.total { break }
        }
        return ids
    }

    private func chooseAction(_ ids: [Int], _ context: Context) -> [OutMessage] {
        let names = ids.prefix(10).compactMap { try? context.environment.cabinet.account(id: AccountID(rawValue: $0)) }
            .map(\.fullName)
        var text = context.t(.approvalsChosen, ["n": .number(ids.count)]) + "\n" + names.joined(separator: "\n")
        if ids.count > names.count { text += "\n…" }
        let confirm = context.t(.approvalsConfirmVerb) + (ids.count > 1 ? " (\(ids.count))" : "")
        let reject = context.t(.approvalsRejectVerb) + (ids.count > 1 ? " (\(ids.count))" : "")
        return [OutMessage(text, buttons: [[confirm, reject], Step<State>.navigation(context)])]
    }

    private func askReason(_ context: Context) -> OutMessage {
        OutMessage(
            context.t(.approvalsAskReason),
            buttons: [[context.t(CoreText.buttonSkip.rawValue)], Step<State>.navigation(context)],
            input: .text)
    }

    // MARK: - Acting

    private func decide(
        _ ids: [Int], _ verdict: Verdict, reason: String?, state: State, account: Account,
        _ context: Context
    ) -> Step<State> {
        do {
            let batch = try context.environment.cabinet.decide(
                actor: account.id, subjects: ids.map(AccountID.init), verdict: verdict, reason: reason)
            let key: L = verdict == .confirm ? .approvalsConfirmedDone : .approvalsRejectedDone
            let done = context.t(key, ["n": .number(batch.decisions.count)])
            var intro = [done]
            if account.role == .director { intro.append(context.t(.approvalsReportReminder)) }
            return list(state, account: account, context, intro: intro, canUndo: true)
        } catch .notPending, .accountNotFound {
            return list(state, account: account, context, intro: [context.t(.approvalsStale)])
        } catch {
            return list(state, account: account, context, intro: [ErrorText.message(error, context)], invalid: true)
        }
    }

    private func undo(_ state: State, account: Account, _ context: Context) -> Step<State> {
        do {
            let batch = try context.environment.cabinet.undoLastDecisions(actor: account.id)
            return list(
                state, account: account, context,
                intro: [context.t(.approvalsUndone, ["n": .number(batch.decisions.count)])])
        } catch {
            return list(state, account: account, context, intro: [ErrorText.message(error, context)])
        }
    }

    // MARK: - Showing

    private func list(
        _ state: State, account: Account, _ context: Context, intro: [String] = [], canUndo: Bool = false,
        invalid: Bool = false
    ) -> Step<State> {
        let cabinet = context.environment.cabinet
        var next = state
        next.phase = .list
        var lines = intro
        if account.role == .director, let counts = try? cabinet.pendingCounts(actor: account.id) {
            next.role = counts.teachers > 0 ? .teacher : nil
            if counts.teachers > 0 && counts.students > 0 {
                lines.append(
                    context.t(.approvalsTeachersFirst, ["n": .number(counts.teachers), "m": .number(counts.students)]))
            }
        }
        var page: PendingPage
        do {
            page = try cabinet.pendingUsers(
                actor: account.id,
                query: PendingQuery(
                    search: next.search, role: next.role, limit: Self.pageSize, offset: next.offset))
            if page.users.isEmpty && next.offset > 0 {
                next.offset = max(0, (page.total - 1) / Self.pageSize * Self.pageSize)
                page = try cabinet.pendingUsers(
                    actor: account.id,
                    query: PendingQuery(
                        search: next.search, role: next.role, limit: Self.pageSize, offset: next.offset))
            }
        } catch {
            return .finish(.cancelled, lines.map { OutMessage($0) } + [OutMessage(ErrorText.message(error, context))])
        }
        // A teacher sees his or her own students only: the teacher's name on every row would say nothing.
        let showsTeacher = account.role != .teacher
        next.shown = page.users.map(\.id.rawValue)
        next.total = page.total
        next.empty = page.users.isEmpty
        var rows: [[String]] = []
        if page.users.isEmpty {
            lines.append(context.t(next.search == nil ? .approvalsNobody : .approvalsNobodyFound))
            if next.search != nil { rows.append([context.t(.approvalsShowAll)]) }
        } else {
            let pages = (page.total + Self.pageSize - 1) / Self.pageSize
            lines.append(
                context.t(
                    .approvalsHeader,
                    [
                        "page": .number(next.offset / Self.pageSize + 1), "pages": .number(pages),
                        "total": .number(page.total),
                    ]))
            if let search = next.search { lines.append(context.t(.approvalsSearchShown, ["text": .text(search)])) }
            for (index, user) in page.users.enumerated() {
                lines.append("\(index + 1). " + describe(user, showingTeacher: showsTeacher, context))
            }
            lines.append(context.t(.approvalsSelectionHint))
            var paging: [String] = []
            if next.offset > 0 { paging.append(context.t(.approvalsPreviousPage)) }
            if next.offset + Self.pageSize < page.total { paging.append(context.t(.approvalsNextPage)) }
            if !paging.isEmpty { rows.append(paging) }
            rows.append([context.t(.approvalsAllOnPage), context.t(.approvalsSearch)])
        }
        if canUndo { rows.append([context.t(.approvalsUndo)]) }
        if account.role == .director { rows.append([context.t(.optionReport)]) }
        rows.append([context.t(CoreText.buttonMenu.rawValue)])
        var columns = [
            context.t(.approvalsColumnNumber), context.t(.approvalsColumnName),
            context.t(.approvalsColumnRole), context.t(.approvalsColumnClass),
        ]
        if showsTeacher { columns.append(context.t(.approvalsColumnTeacher)) }
        let table =
            page.users.isEmpty
            ? nil
            : MessageTable(
                columns: columns,
                rows: page.users.enumerated().map { index, user in
                    let row = [String(index + 1), user.fullName, context.t(user.role.label), user.className ?? ""]
                    return showsTeacher ? row + [user.teacherName ?? ""] : row
                })
        return .stay(next, [OutMessage(lines.joined(separator: "\n"), buttons: rows, table: table)], invalid: invalid)
    }

    private func describe(_ user: PendingUser, showingTeacher: Bool, _ context: Context) -> String {
        var text = "\(user.fullName) — \(context.t(user.role.label))"
        if let className = user.className { text += ", \(className)" }
        if showingTeacher, let teacher = user.teacherName {
            text += " (\(context.t(.approvalsTeacherOf, ["name": .text(teacher)])))"
        }
        return text
    }
}
