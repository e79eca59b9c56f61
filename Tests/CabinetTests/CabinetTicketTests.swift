import BotCore
import Dispatch
import Foundation
import Synchronization
import Testing

@testable import Cabinet

/// Support tickets: opening with context, the queue, the atomic take, answers and closing.
struct CabinetTicketTests {
    @Test func aTicketKeepsItsContextAndFirstMessage() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let agent = try test.makeAgent()
        let ticket = try test.cabinet.openTicket(
            actor: school.director.id, kind: .chat,
            context: TicketContext(chat: "tg:1", dialog: "approvals", step: "choose"), text: "Не вижу учеников")
        #expect(ticket.status == .open)
        #expect(ticket.organizationID == school.organization.id)
        #expect(ticket.accountID == school.director.id)
        #expect(ticket.context.dialog == "approvals" && ticket.context.step == "choose")
        let (read, messages) = try test.cabinet.ticket(actor: agent.id, id: ticket.id)
        #expect(read == ticket)
        #expect(messages.map(\.text) == ["Не вижу учеников"])
        #expect(messages.first?.author == .requester)
        #expect(try test.cabinet.activeTicket(chat: "tg:1")?.id == ticket.id)
    }

    @Test func anAnonymousTicketFindsItsOrganizationByINN() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let ticket = try test.cabinet.openTicket(
            actor: nil, kind: .help, context: TicketContext(inn: "7707-083-893", email: "Parent@Mail.RU"),
            text: "Вопрос")
        #expect(ticket.organizationID == school.organization.id)
        #expect(ticket.context.inn == TestCabinet.innA)
        #expect(ticket.context.email == "Parent@mail.ru")
        #expect(ticket.accountID == nil)
    }

    @Test func theQueueIsOldestFirstWithCounts() throws {
        let test = try TestCabinet()
        let agent = try test.makeAgent()
        let first = try test.cabinet.openTicket(actor: nil, kind: .chat, context: TicketContext(chat: "c1"), text: "1")
        test.clock.advance(by: 60)
        let second = try test.cabinet.openTicket(
            actor: nil, kind: .regions, context: TicketContext(email: "a@b.ru", mailMessageID: "<m1@b.ru>"), text: "2")
        test.clock.advance(by: 60)
        let third = try test.cabinet.openTicket(actor: nil, kind: .chat, context: TicketContext(chat: "c3"), text: "3")
        try test.cabinet.takeTicket(actor: agent.id, ticket: second.id)
        let queue = try test.cabinet.ticketQueue(actor: agent.id)
        #expect(queue.tickets.map(\.id) == [first.id, second.id, third.id])
        #expect(queue.openCounts == [.chat: 2])
        #expect(queue.takenCounts == [.regions: 1])
        #expect(queue.openTotal == 2 && queue.takenTotal == 1)
        let chats = try test.cabinet.ticketQueue(actor: agent.id, kinds: [.chat], limit: 1)
        #expect(chats.tickets.map(\.id) == [first.id])
        #expect(chats.openCounts == [.chat: 2])
        #expect(try test.cabinet.ticketQueue(actor: agent.id, kinds: []).tickets.isEmpty)
        #expect(
            cabinetError {
                try test.cabinet.openTicket(
                    actor: nil, kind: .regions, context: TicketContext(mailMessageID: "<m1@b.ru>"), text: "again")
            } == .mailAlreadyTaken(second.id))
    }

    @Test func onlyAgentsWorkTheQueue() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let pendingAgent = try test.cabinet.addAccount(
            NewAccount(role: .agent, login: "newagent"), password: "newagent-pass")
        let ticket = try test.cabinet.openTicket(actor: nil, kind: .chat, context: TicketContext(chat: "c"), text: "?")
        #expect(cabinetError { try test.cabinet.ticketQueue(actor: school.director.id) } == .roleNotAllowed(.director))
        #expect(
            cabinetError { try test.cabinet.takeTicket(actor: pendingAgent.id, ticket: ticket.id) }
                == .accountNotConfirmed(.pending))
        #expect(cabinetError { try test.cabinet.takeTicket(actor: nil, ticket: ticket.id) } == .notLoggedIn)
        #expect(
            cabinetError { try test.cabinet.ticket(actor: school.teacher.id, id: ticket.id) }
                == .roleNotAllowed(.teacher))
    }

    @Test func twoAgentsCannotTakeTheSameTicket() throws {
        let test = try TestCabinet()
        let first = try test.makeAgent("agent1")
        let second = try test.makeAgent("agent2")
        let ticket = try test.cabinet.openTicket(actor: nil, kind: .chat, context: TicketContext(chat: "c"), text: "?")
        let other = try test.secondCabinet()
        let taken = try test.cabinet.takeTicket(actor: first.id, ticket: ticket.id)
        #expect(taken.status == .taken && taken.takenBy == first.id)
        #expect(
            cabinetError { try other.takeTicket(actor: second.id, ticket: ticket.id) }
                == .ticketAlreadyTaken(by: first.id))
        #expect(
            cabinetError { try test.cabinet.takeTicket(actor: first.id, ticket: TicketID(rawValue: 99)) }
                == .ticketNotFound)
        #expect(try test.cabinet.agentActions(actor: first.id).filter { $0.kind == .takeTicket }.count == 1)
    }

    @Test func concurrentTakesFromTwoConnectionsTakeEachTicketOnce() throws {
        let test = try TestCabinet()
        let agents = [try test.makeAgent("agent1").id, try test.makeAgent("agent2").id]
        var tickets: [TicketID] = []
        for index in 0..<20 {
            tickets.append(
                try test.cabinet.openTicket(
                    actor: nil, kind: .chat, context: TicketContext(chat: "c\(index)"), text: "?"
                ).id)
        }
        let path = test.path
        let clock = test.clock
        let outcomes = TakeOutcomes()
        let ticketList = tickets
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            guard let connection = try? Connection(path: path) else { return }
            let cabinet = Cabinet(
                connection: connection, clock: clock, random: .seeded(UInt64(worker)), calendar: ProductionCalendar())
            for ticket in ticketList {
                let result = cabinetError { try cabinet.takeTicket(actor: agents[worker], ticket: ticket) }
                outcomes.list.withLock { $0.append((ticket, agents[worker], result == nil)) }
                if let result, case .ticketAlreadyTaken = result {
                } else if let result {
                    Issue.record("unexpected \(result)")
                }
            }
        }
        let all = outcomes.list.withLock { $0 }
        #expect(all.count == 40)
        for ticket in tickets {
            let winners = all.filter { $0.0 == ticket && $0.2 }
            #expect(winners.count == 1)
            let (read, _) = try test.cabinet.ticket(actor: agents[0], id: ticket)
            #expect(read.takenBy == winners.first?.1)
        }
    }

    @Test func theTakingAgentAnswersAndClosesTheRequesterWritesBack() throws {
        let test = try TestCabinet()
        let agent = try test.makeAgent("agent1")
        let other = try test.makeAgent("agent2")
        let ticket = try test.cabinet.openTicket(
            actor: nil, kind: .chat, context: TicketContext(chat: "tg:5"), text: "Помогите")
        #expect(
            cabinetError { try test.cabinet.answerTicket(actor: agent.id, ticket: ticket.id, text: "Да") }
                == .ticketNotYours)
        try test.cabinet.takeTicket(actor: agent.id, ticket: ticket.id)
        #expect(
            cabinetError { try test.cabinet.answerTicket(actor: other.id, ticket: ticket.id, text: "Я") }
                == .ticketNotYours)
        let answer = try test.cabinet.answerTicket(actor: agent.id, ticket: ticket.id, text: "Чем помочь?")
        #expect(answer.author == .agent && answer.authorAccountID == agent.id)
        #expect(
            cabinetError { try test.cabinet.addRequesterMessage(ticket: ticket.id, chat: "tg:6", text: "чужой") }
                == .ticketNotYours)
        try test.cabinet.addRequesterMessage(ticket: ticket.id, chat: "tg:5", text: "Не приходит логин")
        #expect(
            cabinetError { try test.cabinet.closeTicket(actor: other.id, ticket: ticket.id, resolution: "x") }
                == .ticketNotYours)
        #expect(
            cabinetError { try test.cabinet.closeTicket(actor: agent.id, ticket: ticket.id, resolution: " ") }
                == .invalidField(.resolution))
        let closed = try test.cabinet.closeTicket(
            actor: agent.id, ticket: ticket.id, resolution: "Логин выслан повторно")
        #expect(closed.status == .closed && closed.resolution == "Логин выслан повторно")
        #expect(
            cabinetError { try test.cabinet.addRequesterMessage(ticket: ticket.id, chat: "tg:5", text: "ещё") }
                == .ticketClosed)
        #expect(cabinetError { try test.cabinet.takeTicket(actor: other.id, ticket: ticket.id) } == .ticketClosed)
        #expect(try test.cabinet.activeTicket(chat: "tg:5") == nil)
        let (_, messages) = try test.cabinet.ticket(actor: agent.id, id: ticket.id)
        #expect(messages.map(\.author) == [.requester, .agent, .requester])
        let kinds = try test.cabinet.agentActions(actor: agent.id).map(\.kind)
        #expect(kinds == [.closeTicket, .answerTicket, .takeTicket])
    }

    @Test func agentsOnlineAreTheLoggedInConfirmedAgents() throws {
        let test = try TestCabinet()
        _ = try test.makeAgent("agent1")
        #expect(try test.cabinet.agentChats().isEmpty)
        try test.cabinet.authenticate(login: "agent1", password: "agent1-pass", chat: "term:agent")
        #expect(try test.cabinet.agentChats() == ["term:agent"])
    }
}

/// What each take of the concurrent test returned: the ticket, the agent, and whether it succeeded.
private final class TakeOutcomes: Sendable {
    let list = Mutex<[(TicketID, AccountID, Bool)]>([])
}
