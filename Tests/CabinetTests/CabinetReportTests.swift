import BotCore
import Foundation
import Testing

@testable import Cabinet

/// Undo until reported, report contents and numbering.
struct CabinetReportTests {
    @Test func undoReturnsTheLastBatchToPending() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        try test.cabinet.decide(actor: school.director.id, subjects: [school.pendingTeacher.id], verdict: .confirm)
        let second = try test.cabinet.decide(
            actor: school.director.id, subjects: [school.student.id, school.secondStudent.id], verdict: .reject)
        let undone = try test.cabinet.undoLastDecisions(actor: school.director.id)
        #expect(undone.id == second.id)
        #expect(undone.decisions.map(\.subjectID) == [school.student.id, school.secondStudent.id])
        #expect(try test.status(school.student) == .pending)
        #expect(try test.status(school.secondStudent) == .pending)
        #expect(try test.status(school.pendingTeacher) == .confirmed)
        let unreported = try test.cabinet.unreportedDecisions(actor: school.director.id)
        #expect(unreported.decisions.map(\.subjectID) == [school.pendingTeacher.id])
    }

    @Test func undoWalksBackBatchByBatchThenHasNothing() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        #expect(cabinetError { try test.cabinet.undoLastDecisions(actor: school.director.id) } == .nothingToUndo)
        try test.cabinet.decide(actor: school.director.id, subjects: [school.pendingTeacher.id], verdict: .confirm)
        try test.cabinet.decide(actor: school.director.id, subjects: [school.student.id], verdict: .confirm)
        try test.cabinet.undoLastDecisions(actor: school.director.id)
        try test.cabinet.undoLastDecisions(actor: school.director.id)
        #expect(try test.status(school.pendingTeacher) == .pending)
        #expect(cabinetError { try test.cabinet.undoLastDecisions(actor: school.director.id) } == .nothingToUndo)
        #expect(try test.cabinet.unreportedDecisions(actor: school.director.id).isEmpty)
    }

    @Test func undoOnlyTouchesTheActorsOwnDecisions() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        try test.cabinet.decide(actor: school.teacher.id, subjects: [school.student.id], verdict: .confirm)
        #expect(cabinetError { try test.cabinet.undoLastDecisions(actor: school.director.id) } == .nothingToUndo)
        try test.cabinet.undoLastDecisions(actor: school.teacher.id)
        #expect(try test.status(school.student) == .pending)
    }

    @Test func reportedDecisionsCannotBeUndone() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        try test.cabinet.decide(actor: school.director.id, subjects: [school.pendingTeacher.id], verdict: .confirm)
        try test.cabinet.sendReport(actor: school.director.id)
        #expect(
            cabinetError { try test.cabinet.undoLastDecisions(actor: school.director.id) }
                == .alreadyReported(reportNumber: 1))
        #expect(try test.status(school.pendingTeacher) == .confirmed)
    }

    @Test func aReportHoldsExactlyTheUnreportedDecisionsOfEveryDecider() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        try test.cabinet.decide(actor: school.director.id, subjects: [school.pendingTeacher.id], verdict: .confirm)
        try test.cabinet.decide(
            actor: school.teacher.id, subjects: [school.student.id], verdict: .reject, reason: "не наш ученик")
        try test.cabinet.decide(actor: school.teacher.id, subjects: [school.secondStudent.id], verdict: .confirm)
        try test.cabinet.undoLastDecisions(actor: school.teacher.id)
        let preview = try test.cabinet.unreportedDecisions(actor: school.director.id)
        #expect(preview.nextNumber == 1)
        #expect(
            preview.counts
                == DecisionCounts(confirmedTeachers: 1, rejectedTeachers: 0, confirmedStudents: 0, rejectedStudents: 1))
        #expect(preview.names(of: .teacher, .confirm) == ["Кузнецова Ольга Николаевна"])
        #expect(preview.names(of: .student, .reject) == ["Алёшин Пётр Сергеевич"])
        let report = try test.cabinet.sendReport(actor: school.director.id)
        #expect(report.number == 1)
        #expect(report.counts == preview.counts)
        #expect(report.decisions.map(\.id) == preview.decisions.map(\.id))
        #expect(report.decisions.allSatisfy { $0.reportNumber == 1 })
        #expect(report.decisions.first { $0.subjectRole == .student }?.reason == "не наш ученик")
        #expect(try test.cabinet.unreportedDecisions(actor: school.director.id).isEmpty)
    }

    @Test func nothingToReportIsRefused() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        #expect(cabinetError { try test.cabinet.sendReport(actor: school.director.id) } == .nothingToReport)
        try test.cabinet.decide(actor: school.director.id, subjects: [school.pendingTeacher.id], verdict: .confirm)
        try test.cabinet.undoLastDecisions(actor: school.director.id)
        #expect(cabinetError { try test.cabinet.sendReport(actor: school.director.id) } == .nothingToReport)
        #expect(try test.count("report") == 0)
    }

    @Test func reportNumbersRunPerOrganization() throws {
        let test = try TestCabinet()
        let a = try test.makeSchool()
        let b = try test.makeSchool(inn: TestCabinet.innB, prefix: "b")
        try test.cabinet.decide(actor: a.director.id, subjects: [a.pendingTeacher.id], verdict: .confirm)
        #expect(try test.cabinet.sendReport(actor: a.director.id).number == 1)
        try test.cabinet.decide(actor: a.director.id, subjects: [a.student.id], verdict: .confirm)
        #expect(try test.cabinet.sendReport(actor: a.director.id).number == 2)
        #expect(cabinetError { try test.cabinet.sendReport(actor: a.director.id) } == .nothingToReport)
        try test.cabinet.decide(actor: b.teacher.id, subjects: [b.student.id], verdict: .reject)
        let first = try test.cabinet.sendReport(actor: b.director.id)
        #expect(first.number == 1)
        #expect(first.organizationID == b.organization.id)
        let listed = try test.cabinet.reports(actor: a.director.id)
        #expect(listed.map(\.number) == [1, 2])
        #expect(listed.map(\.counts.confirmedStudents) == [0, 1])
        #expect(try test.cabinet.report(actor: a.director.id, number: 2).decisions.map(\.subjectID) == [a.student.id])
        #expect(cabinetError { try test.cabinet.report(actor: a.director.id, number: 3) } == .reportNotFound)
        #expect(try test.cabinet.reports(actor: b.director.id).map(\.number) == [1])
    }

    @Test func undoIsForThoseWhoMayDecide() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let agent = try test.makeAgent()
        try test.cabinet.decide(actor: school.director.id, subjects: [school.pendingTeacher.id], verdict: .confirm)
        #expect(cabinetError { try test.cabinet.undoLastDecisions(actor: nil) } == .notLoggedIn)
        #expect(cabinetError { try test.cabinet.undoLastDecisions(actor: agent.id) } == .roleNotAllowed(.agent))
        #expect(
            cabinetError { try test.cabinet.undoLastDecisions(actor: school.student.id) }
                == .accountNotConfirmed(.pending))
        #expect(try test.status(school.pendingTeacher) == .confirmed)
    }

    @Test func onlyAConfirmedDirectorReports() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let agent = try test.makeAgent()
        let unconfirmed = try test.makeUnconfirmedDirector(agent: agent).director
        try test.cabinet.decide(actor: school.teacher.id, subjects: [school.student.id], verdict: .confirm)
        #expect(cabinetError { try test.cabinet.sendReport(actor: school.teacher.id) } == .roleNotAllowed(.teacher))
        #expect(cabinetError { try test.cabinet.sendReport(actor: agent.id) } == .roleNotAllowed(.agent))
        #expect(cabinetError { try test.cabinet.sendReport(actor: nil) } == .notLoggedIn)
        #expect(
            cabinetError { try test.cabinet.sendReport(actor: unconfirmed.id) } == .directorNotConfirmed(.unconfirmed))
        #expect(
            cabinetError { try test.cabinet.unreportedDecisions(actor: school.teacher.id) } == .roleNotAllowed(.teacher)
        )
        #expect(try test.count("report") == 0)
    }
}
