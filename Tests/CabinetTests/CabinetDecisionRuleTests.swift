import BotCore
import Foundation
import Testing

@testable import Cabinet

/// Who may confirm or reject whom: each rule both ways, with the exact refusal.
struct CabinetDecisionRuleTests {
    // MARK: - Teachers

    @Test func confirmedDirectorConfirmsATeacher() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let batch = try test.cabinet.decide(
            actor: school.director.id, subjects: [school.pendingTeacher.id], verdict: .confirm)
        #expect(batch.decisions.map(\.subjectID) == [school.pendingTeacher.id])
        #expect(batch.decisions.first?.actorID == school.director.id)
        #expect(batch.decisions.first?.subjectRole == .teacher)
        #expect(try test.status(school.pendingTeacher) == .confirmed)
    }

    @Test func confirmedDirectorRejectsATeacherWithAReason() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let batch = try test.cabinet.decide(
            actor: school.director.id, subjects: [school.pendingTeacher.id], verdict: .reject, reason: "  не работает  "
        )
        #expect(batch.decisions.first?.reason == "не работает")
        #expect(batch.decisions.first?.verdict == .reject)
        #expect(try test.status(school.pendingTeacher) == .rejected)
    }

    @Test func aRejectedTeacherReadsTheReasonAndNobodyElsesRejection() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        #expect(try test.cabinet.rejection(actor: school.pendingTeacher.id) == nil, "pending, not rejected")
        try test.cabinet.decide(
            actor: school.director.id, subjects: [school.pendingTeacher.id], verdict: .reject, reason: "не работает")
        #expect(try test.cabinet.rejection(actor: school.pendingTeacher.id)?.reason == "не работает")
        #expect(try test.cabinet.rejection(actor: school.director.id) == nil, "the decider's own account stands")
        try test.cabinet.undoLastDecisions(actor: school.director.id)
        #expect(try test.cabinet.rejection(actor: school.pendingTeacher.id) == nil, "undone: waiting again")
        try test.cabinet.decide(actor: school.director.id, subjects: [school.pendingTeacher.id], verdict: .reject)
        let bare = try #require(try test.cabinet.rejection(actor: school.pendingTeacher.id))
        #expect(bare.reason == nil, "a rejection without a reason")
        #expect(throws: CabinetError.notLoggedIn) { try test.cabinet.rejection(actor: nil) }
    }

    @Test func everyoneElseIsRefusedOnATeacher() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let other = try test.makeSchool(inn: TestCabinet.innB, prefix: "b")
        let agent = try test.makeAgent()
        let pendingDirector = try test.makePendingDirector()
        let unconfirmedDirector = try test.makeUnconfirmedDirector(agent: agent).director
        try test.cabinet.decide(actor: school.teacher.id, subjects: [school.student.id], verdict: .confirm)
        let subject = [school.pendingTeacher.id]
        let refusals: [(AccountID?, CabinetError)] = [
            (nil, .notLoggedIn),
            (AccountID(rawValue: 9_999), .notLoggedIn),
            (school.teacher.id, .cannotDecide(actor: .teacher, subject: .teacher)),
            (school.student.id, .roleNotAllowed(.student)),
            (school.secondStudent.id, .accountNotConfirmed(.pending)),
            (school.pendingTeacher.id, .accountNotConfirmed(.pending)),
            (agent.id, .roleNotAllowed(.agent)),
            (pendingDirector.id, .directorNotConfirmed(.unconfirmed)),  // issued by the platform: its identity waits
            (unconfirmedDirector.id, .directorNotConfirmed(.unconfirmed)),
            (other.director.id, .otherOrganization),
            (other.teacher.id, .otherOrganization),
        ]
        for (actor, expected) in refusals {
            let error = cabinetError { try test.cabinet.decide(actor: actor, subjects: subject, verdict: .confirm) }
            #expect(error == expected, "actor \(String(describing: actor))")
        }
        #expect(try test.status(school.pendingTeacher) == .pending)
        #expect(try test.count("decision") == 1)
    }

    @Test func aDirectorWhoseDataWasSentIsStillRefused() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let agent = try test.makeAgent()
        let director = try test.makeUnconfirmedDirector(agent: agent, inn: TestCabinet.innD).director
        try test.cabinet.recordConsent(actor: director.id, context: consent(chat: "tg:1"))
        #expect(
            cabinetError {
                try test.cabinet.decide(actor: director.id, subjects: [school.pendingTeacher.id], verdict: .confirm)
            }
                == .directorNotConfirmed(.consentGiven))
        try test.cabinet.markDirectorDataSent(actor: director.id)
        #expect(
            cabinetError { try test.cabinet.pendingUsers(actor: director.id) } == .directorNotConfirmed(.dataSent))
    }

    // MARK: - Students

    @Test func theStudentsOwnConfirmedTeacherConfirmsAndRejects() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        try test.cabinet.decide(actor: school.teacher.id, subjects: [school.student.id], verdict: .confirm)
        try test.cabinet.decide(actor: school.teacher.id, subjects: [school.secondStudent.id], verdict: .reject)
        #expect(try test.status(school.student) == .confirmed)
        #expect(try test.status(school.secondStudent) == .rejected)
    }

    @Test func aTeacherIsRefusedOnOtherStudents() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let other = try test.makeSchool(inn: TestCabinet.innB, prefix: "b")
        #expect(
            cabinetError {
                try test.cabinet.decide(actor: school.teacher.id, subjects: [school.otherStudent.id], verdict: .confirm)
            }
                == .notOwnStudent(school.otherStudent.id))
        #expect(
            cabinetError {
                try test.cabinet.decide(actor: school.teacher.id, subjects: [other.student.id], verdict: .confirm)
            }
                == .otherOrganization)
        #expect(
            cabinetError {
                try test.cabinet.decide(
                    actor: school.pendingTeacher.id, subjects: [school.otherStudent.id], verdict: .confirm)
            } == .accountNotConfirmed(.pending))
        #expect(
            cabinetError {
                try test.cabinet.decide(actor: school.teacher.id, subjects: [school.director.id], verdict: .reject)
            }
                == .cannotDecide(actor: .teacher, subject: .director))
        #expect(try test.status(school.otherStudent) == .pending)
        #expect(try test.status(other.student) == .pending)
    }

    @Test func everyoneElseIsRefusedOnAStudent() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let other = try test.makeSchool(inn: TestCabinet.innB, prefix: "b")
        let agent = try test.makeAgent()
        let pendingDirector = try test.makePendingDirector()
        let unconfirmedDirector = try test.makeUnconfirmedDirector(agent: agent).director
        let confirmedStudent = school.secondStudent
        try test.cabinet.decide(actor: school.teacher.id, subjects: [confirmedStudent.id], verdict: .confirm)
        try test.cabinet.decide(actor: other.director.id, subjects: [other.pendingTeacher.id], verdict: .confirm)
        let refusals: [(AccountID?, CabinetError)] = [
            (nil, .notLoggedIn),
            (confirmedStudent.id, .roleNotAllowed(.student)),
            (school.otherStudent.id, .accountNotConfirmed(.pending)),
            (school.pendingTeacher.id, .accountNotConfirmed(.pending)),
            (other.pendingTeacher.id, .otherOrganization),
            (agent.id, .roleNotAllowed(.agent)),
            (pendingDirector.id, .directorNotConfirmed(.unconfirmed)),  // issued by the platform: its identity waits
            (unconfirmedDirector.id, .directorNotConfirmed(.unconfirmed)),
            (other.director.id, .otherOrganization),
            (other.teacher.id, .otherOrganization),
        ]
        for (actor, expected) in refusals {
            let error = cabinetError {
                try test.cabinet.decide(actor: actor, subjects: [school.student.id], verdict: .reject)
            }
            #expect(error == expected, "actor \(String(describing: actor))")
        }
        #expect(try test.status(school.student) == .pending)
    }

    @Test func aConfirmedDirectorDecidesOnStudentsOnceNoTeacherWaits() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let refused = cabinetError {
            try test.cabinet.decide(actor: school.director.id, subjects: [school.otherStudent.id], verdict: .confirm)
        }
        #expect(refused == .teachersWaiting(count: 1))
        #expect(try test.status(school.otherStudent) == .pending)
        try test.cabinet.decide(actor: school.director.id, subjects: [school.pendingTeacher.id], verdict: .reject)
        try test.cabinet.decide(actor: school.director.id, subjects: [school.otherStudent.id], verdict: .confirm)
        #expect(try test.status(school.otherStudent) == .confirmed)
    }

    @Test func teachersFirstAllowsABatchHoldingEveryWaitingTeacher() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let batch = try test.cabinet.decide(
            actor: school.director.id, subjects: [school.student.id, school.pendingTeacher.id], verdict: .confirm)
        #expect(batch.decisions.map(\.subjectID) == [school.student.id, school.pendingTeacher.id])
        #expect(try test.status(school.student) == .confirmed)
    }

    @Test func teachersFirstDoesNotHoldBackTeachersDecidingTheirStudents() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        try test.cabinet.decide(actor: school.teacher.id, subjects: [school.student.id], verdict: .confirm)
        #expect(try test.status(school.student) == .confirmed)
    }

    // MARK: - All or nothing

    @Test func oneRefusedSubjectChangesNothing() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        try test.cabinet.decide(actor: school.director.id, subjects: [school.pendingTeacher.id], verdict: .confirm)
        let error = cabinetError {
            try test.cabinet.decide(
                actor: school.director.id, subjects: [school.student.id, school.pendingTeacher.id], verdict: .reject)
        }
        #expect(error == .notPending(school.pendingTeacher.id, .confirmed))
        #expect(try test.status(school.student) == .pending)
        #expect(try test.count("decision") == 1)
        #expect(try test.count("decision_batch") == 1)
    }

    @Test func emptyAndUnknownSubjectsAreRefused() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        #expect(
            cabinetError { try test.cabinet.decide(actor: school.director.id, subjects: [], verdict: .confirm) }
                == .noSubjects)
        #expect(
            cabinetError {
                try test.cabinet.decide(
                    actor: school.director.id, subjects: [AccountID(rawValue: 999)], verdict: .confirm)
            } == .accountNotFound)
        let long = String(repeating: "я", count: Cabinet.maximumReasonLength + 1)
        #expect(
            cabinetError {
                try test.cabinet.decide(
                    actor: school.director.id, subjects: [school.pendingTeacher.id], verdict: .reject, reason: long)
            } == .invalidField(.reason))
    }

    @Test func repeatedSubjectsAreDecidedOnce() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let batch = try test.cabinet.decide(
            actor: school.director.id, subjects: [school.pendingTeacher.id, school.pendingTeacher.id], verdict: .confirm
        )
        #expect(batch.decisions.count == 1)
    }

    @Test func decisionsNestInsideTheCallersTransaction() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        struct Rollback: Error {}
        #expect(throws: Rollback.self) {
            try test.connection.transaction {
                try test.cabinet.decide(
                    actor: school.director.id, subjects: [school.pendingTeacher.id], verdict: .confirm)
                #expect(try test.status(school.pendingTeacher) == .confirmed)
                throw Rollback()
            }
        }
        #expect(try test.status(school.pendingTeacher) == .pending)
        #expect(try test.count("decision") == 0)
    }
}

/// A consent context for tests.
func consent(chat: String?, message: String? = "m-1") -> ConsentContext {
    ConsentContext(
        chat: chat, messageID: message, textVersion: "2025-09-01", textHash: "sha256:abc123",
        purpose: "подтверждение личности руководителя")
}
