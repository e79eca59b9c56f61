import BotCore
import Foundation
import Testing

@testable import Cabinet

/// The list of pending users: scope per actor, teachers first, search, paging.
struct CabinetPendingListTests {
    @Test func aDirectorSeesTheOrganizationsPendingUsersTeachersFirst() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        _ = try test.makeSchool(inn: TestCabinet.innB, prefix: "b")
        let page = try test.cabinet.pendingUsers(actor: school.director.id)
        #expect(page.total == 4)
        #expect(
            page.users.map(\.id) == [
                school.pendingTeacher.id, school.student.id, school.secondStudent.id, school.otherStudent.id,
            ])
        #expect(page.users[1].teacherName == "Смирнов Алексей Викторович")
        #expect(page.users[1].className == "5А")
        #expect(try test.cabinet.pendingCounts(actor: school.director.id) == PendingCounts(teachers: 1, students: 3))
    }

    @Test func aTeacherSeesOnlyHisOwnPendingStudents() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let page = try test.cabinet.pendingUsers(actor: school.teacher.id)
        #expect(page.users.map(\.id) == [school.student.id, school.secondStudent.id])
        #expect(try test.cabinet.pendingCounts(actor: school.teacher.id) == PendingCounts(teachers: 0, students: 2))
        #expect(
            cabinetError { try test.cabinet.pendingUsers(actor: school.student.id) } == .accountNotConfirmed(.pending))
        #expect(cabinetError { try test.cabinet.pendingUsers(actor: nil) } == .notLoggedIn)
    }

    @Test func searchIgnoresCaseAndFoldsYo() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        for search in ["алешин", "АЛЁШИН", "  пётр   сергеевич "] {
            let page = try test.cabinet.pendingUsers(actor: school.director.id, query: PendingQuery(search: search))
            #expect(page.users.map(\.id) == [school.student.id], "search \(search)")
            #expect(page.total == 1)
        }
        let percent = try test.cabinet.pendingUsers(actor: school.director.id, query: PendingQuery(search: "%"))
        #expect(percent.total == 0)
        let blank = try test.cabinet.pendingUsers(actor: school.director.id, query: PendingQuery(search: "  "))
        #expect(blank.total == 4)
    }

    @Test func pagesAreStableAndCountTheWhole() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let first = try test.cabinet.pendingUsers(actor: school.director.id, query: PendingQuery(limit: 3, offset: 0))
        let second = try test.cabinet.pendingUsers(actor: school.director.id, query: PendingQuery(limit: 3, offset: 3))
        #expect(first.total == 4 && second.total == 4)
        #expect(first.users.count == 3 && second.users.count == 1)
        #expect(Set(first.users.map(\.id) + second.users.map(\.id)).count == 4)
        let students = try test.cabinet.pendingUsers(actor: school.director.id, query: PendingQuery(role: .student))
        #expect(students.total == 3)
        #expect(students.users.allSatisfy { $0.role == .student })
    }

    @Test func decidedUsersLeaveTheList() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        try test.cabinet.decide(actor: school.teacher.id, subjects: [school.student.id], verdict: .confirm)
        let page = try test.cabinet.pendingUsers(actor: school.teacher.id)
        #expect(page.users.map(\.id) == [school.secondStudent.id])
    }
}
