import BotCore
import Foundation
import PostgresTestSupport
import Testing

@testable import Cabinet

/// Every Cabinet action × every actor × the actor's own organization and another: allowed, or the exact refusal.
///
/// Each case runs on the same world in a transaction that is rolled back, so cases do not see each other. Beyond
/// the outcome it checks that a refusal changed nothing at all, and that an actor of another organization neither
/// changed nor was shown anything of school A.
@Suite struct PermissionTests {
    @Test func everyActionByEveryActorInItsOwnOrganizationAndAnother() throws {
        try checkEveryCase(try PermissionWorld())
    }

    /// The same table on PostgreSQL: the rules live in the Cabinet, whatever the store.
    @Test(.requiresPostgres) func theSameTableHoldsOnPostgreSQL() throws {
        try checkEveryCase(try PermissionWorld(store: .postgres))
    }

    private func checkEveryCase(_ world: PermissionWorld) throws {
        let table = permissionTable(world)
        let start = try world.snapshot()
        var cases = 0
        for row in table {
            for actor in PermissionActor.allCases {
                guard let expected = row.expected[actor] else {
                    Issue.record("\(row.action): no expectation for \(actor)")
                    continue
                }
                try check(row, actor, of: world.own, own: true, expected.own, world)
                try check(row, actor, of: world.other, own: false, expected.other, world)
                cases += 2
            }
        }
        #expect(cases == table.count * PermissionActor.allCases.count * 2)
        #expect(try world.snapshot() == start, "every case was rolled back")
    }

    private func check(
        _ row: PermissionRow, _ actor: PermissionActor, of school: TestCabinet.School, own: Bool,
        _ expected: PermissionOutcome, _ world: PermissionWorld
    ) throws {
        let where_ = own ? "its own organization" : "another organization"
        var outcome = PermissionOutcome.allowed
        do {
            try world.test.connection.transaction {
                let id = try world.actor(actor, of: school)
                let before = try world.snapshot()
                let ownBefore = try world.ownSchoolSnapshot()
                var shown: Set<OrganizationID> = []
                do {
                    shown = try row.run(world, id)
                } catch let error as CabinetError {
                    outcome = .refused(error)
                    if case .storage(let failure) = error {
                        Issue.record("\(row.action) by \(actor): the store failed: \(failure)")
                        throw failure
                    }
                }
                if case .refused = outcome {
                    #expect(try world.snapshot() == before, "\(row.action) by \(actor): a refusal changed something")
                }
                if !own && actor.hasOrganization {
                    #expect(
                        !shown.contains(world.own.organization.id),
                        "\(row.action) by \(actor) of another organization was shown school A's data")
                    #expect(
                        try world.ownSchoolSnapshot() == ownBefore,
                        "\(row.action) by \(actor) of another organization changed school A")
                }
                throw RollBack()
            }
        } catch is RollBack {}
        #expect(outcome == expected, "\(row.action) by \(actor) in \(where_)")
    }

    /// Each actor is what its name says (the world is built right), checked through the Cabinet itself.
    @Test func theActorsAreWhoTheySay() throws {
        let world = try PermissionWorld()
        let cabinet = world.cabinet
        for school in [world.own, world.other] {
            do {
                try world.test.connection.transaction {
                    let unconfirmed = try world.actor(.directorUnconfirmed, of: school)
                    #expect(try cabinet.directorIdentity(actor: unconfirmed).state == .unconfirmed)
                    throw RollBack()
                }
            } catch is RollBack {}
            let director = try world.actor(.directorConfirmed, of: school)
            #expect(try cabinet.directorIdentity(actor: director).state == .confirmed)
            let expected: [(PermissionActor, Role, AccountStatus)] = [
                (.teacherConfirmed, .teacher, .confirmed), (.teacherPending, .teacher, .pending),
                (.student, .student, .confirmed),
            ]
            for (actor, role, status) in expected {
                let id = try #require(try world.actor(actor, of: school))
                let account = try #require(try cabinet.account(id: id))
                #expect(account.role == role && account.status == status, "\(actor)")
                #expect(account.organizationID == school.organization.id)
            }
        }
        let agentID = try #require(try world.actor(.agent, of: world.own))
        let agent = try #require(try cabinet.account(id: agentID))
        #expect(agent.role == .agent && agent.organizationID == nil)
        #expect(try world.actor(.loggedOut, of: world.own) == nil)
    }

    /// A new action that takes an actor must get its row: the table names every `public func x(actor:` of Cabinet.
    @Test func theTableCoversEveryActionThatTakesAnActor() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Cabinet").standardized
        let files =
            FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        let pattern = try Regex(#"public func (\w+)\(\s*actor: AccountID\?"#)
        var actions = Set<String>()
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: pattern) {
                if let name = match.output[1].substring { actions.insert(String(name)) }
            }
        }
        #expect(actions.count >= 23, "found \(actions.sorted())")
        let world = try PermissionWorld()
        let rows = permissionTable(world).map(\.action)
        for action in actions.sorted() {
            #expect(
                rows.contains { $0 == action || $0.hasPrefix(action + " ") || $0.hasPrefix(action + ":") },
                "\(action) has no row in the permission table")
        }
    }
}
