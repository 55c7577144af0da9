import Foundation
import PropertyBased
import Testing
import TurneroCore

/// Typed finishes and escalation deadlines (issue 16).
@Suite("Request types and escalation deadlines")
struct RequestTypingTests {
    static func day(_ text: String) -> LocalDay { LocalDay(rawValue: text)! }

    static let office: OfficeConfiguration = {
        var office = Fixtures.office
        office.services[1].requestTypes = [
            RequestType(code: "reclamo", name: .init(es: "Reclamo", en: "Claim")),
            RequestType(code: "consulta", name: .init(es: "Consulta", en: "Consultation"), termBusinessDays: 30),
            RequestType(code: "documentos", name: .init(es: "Copia de documentos", en: "Copies"), termBusinessDays: 10),
        ]
        office.requests.areas.append(EscalationArea(code: "juridica", name: .init(es: "Jurídica", en: "Legal"), termBusinessDays: 20))
        return office
    }()

    @Test func eachServiceOffersItsTypologyOrTheOffices() {
        #expect(Self.office.requestTypes(for: "reclamos").map(\.code) == ["reclamo", "consulta", "documentos"])
        #expect(Self.office.requestTypes(for: "pagos").map(\.code) == ["peticion", "queja", "reclamo", "informacion", "sugerencia"])
    }

    @Test func recordsAreCheckedAgainstTheTypologyAndAreas() {
        let filed = Self.day("2026-11-17")
        func code(_ record: FinishRecord?, _ service: ServiceCode = "reclamos", office: OfficeConfiguration = Self.office) -> String {
            switch office.typeRequest(record, service: service, filedOn: filed) {
            case .success: "ok"
            case .failure(let error): error.code.description
            }
        }
        #expect(code(nil) == "ok")
        #expect(code(FinishRecord(types: ["reclamo"], resolution: .firstContact)) == "ok")
        #expect(code(FinishRecord(types: ["queja"], resolution: .firstContact)) == "unknownType")  // not this service's
        #expect(code(FinishRecord(types: ["queja"], resolution: .firstContact), "pagos") == "ok")
        #expect(code(FinishRecord(types: ["reclamo", "reclamo"], resolution: .firstContact)) == "repeatedType")
        #expect(code(FinishRecord(types: ["reclamo"], resolution: .escalated)) == "areaRequired")
        #expect(code(FinishRecord(types: ["reclamo"], resolution: .escalated, area: "marte")) == "unknownArea")
        #expect(code(FinishRecord(types: ["reclamo"], resolution: .writtenChannel, area: "cartera")) == "areaNotAllowed")
        var strict = Self.office
        strict.requests.typeRequired = true
        #expect(code(nil, office: strict) == "typeRequired")
        #expect(code(FinishRecord(types: [], resolution: .firstContact), office: strict) == "typeRequired")
        #expect(code(FinishRecord(types: ["reclamo"], resolution: .writtenChannel), office: strict) == "ok")
    }

    /// The term: the shortest of the chosen types' own terms, else the area's, else 15.
    @Test func theTermComesFromTypeAreaOrOffice() throws {
        func plan(_ types: [String], _ area: String, filed: String = "2026-11-17") throws -> PlannedEscalation? {
            try Self.office.typeRequest(
                FinishRecord(types: types, resolution: .escalated, area: area), service: "reclamos", filedOn: Self.day(filed)
            ).get()
        }
        #expect(try plan(["reclamo"], "facturacion")?.termBusinessDays == 15)
        #expect(try plan(["reclamo"], "juridica")?.termBusinessDays == 20)
        #expect(try plan(["consulta", "documentos"], "juridica")?.termBusinessDays == 10)
        // Tuesday 17 Nov 2026 + 15 business days: 23 Nov … (Monday 16 Nov was a holiday, already
        // past); no holiday until 8 Dec → 8 Dec is skipped: 9 Dec.
        #expect(try plan(["reclamo"], "facturacion")?.due == Self.day("2026-12-09"))
        // Friday 18 Dec 2026: Christmas, New Year and Reyes (Monday 11 Jan 2027) do not count.
        #expect(try plan(["reclamo"], "facturacion", filed: "2026-12-18")?.due == Self.day("2027-01-13"))
    }

    /// For any filing day in 2025–2029 and any term: the due day is a business day of the
    /// office's calendar (holidays and the office's extra days off skipped), exactly `term`
    /// business days after filing, and filing on a weekend or holiday counts from the next
    /// business day.
    @Test func deadlinesSkipWeekendsAndHolidays() async {
        var office = Self.office
        office.requests.extraHolidays = [Self.day("2026-12-24"), Self.day("2026-12-31")]
        let configuration = office
        await propertyCheck(count: 300, input: Gen.int(in: 20_089...21_500), Gen.int(in: 1...60)) { start, term in
            var configured = configuration
            configured.requests.termBusinessDays = term
            let filed = LocalDay(dayNumber: start)
            let plan = try? configured.typeRequest(
                FinishRecord(types: [], resolution: .escalated, area: "facturacion"), service: "pagos", filedOn: filed
            ).get()
            guard let due = plan?.due else {
                Issue.record("no plan for \(filed)")
                return
            }
            let calendar = configured.requests.calendar(from: filed.year)
            #expect(calendar.isBusinessDay(due) && !due.weekday.isWeekend)
            #expect(!ColombianHolidays.holidays(in: due.year).contains(due) && due != Self.day("2026-12-24"))
            // Counting by hand, day by day.
            var counted = 0
            var current = filed
            while counted < term {
                current = current.adding(days: 1)
                let holiday = ColombianHolidays.holidays(in: current.year).contains(current)
                    || configured.requests.extraHolidays.contains(current)
                if !current.weekday.isWeekend && !holiday { counted += 1 }
            }
            #expect(current == due, "\(filed) + \(term)")
        }
    }

    @Test func configurationDefaultsAndValidation() throws {
        let minimal = try OfficeConfiguration.load(json: Data("""
            {"officeId":"x","officeName":"X","services":[{"code":"pagos","prefix":"P","name":{"es":"Pagos","en":"Payments"}}],
             "counters":[{"number":1,"services":["pagos"]}]}
            """.utf8))
        #expect(minimal.staff == StaffRules() && !minimal.staff.signInRequired)
        #expect(minimal.requests.termBusinessDays == 15 && !minimal.requests.typeRequired)
        func field(_ json: String) -> String? {
            do {
                _ = try OfficeConfiguration.load(json: Data("""
                    {"officeId":"x","officeName":"X","services":[{"code":"pagos","prefix":"P","name":{"es":"Pagos","en":"Payments"}\(json.hasPrefix(",\"requestTypes") ? json : "")}],
                     "counters":[{"number":1,"services":["pagos"]}]\(json.hasPrefix(",\"requestTypes") ? "" : json)}
                    """.utf8))
                return nil
            } catch { return error.field }
        }
        #expect(field(#","requests":{"termBusinessDays":0}"#) == "requests.termBusinessDays")
        #expect(field(#","requests":{"holidayCalendar":"US"}"#) == "requests.holidayCalendar")
        #expect(field(#","requests":{"areas":[]}"#) == "requests.areas")
        #expect(field(#","requests":{"extraHolidays":["2026-02-30"]}"#) == "requests.extraHolidays[0]")
        #expect(field(#","staff":{"pinAttempts":0}"#) == "staff.pinAttempts")
        #expect(field(#","requestTypes":[{"code":"Bad Code","name":{"es":"x","en":"x"}}]"#) == "services[0].requestTypes[0].code")
    }

    @Test func customerContactsAreMasked() {
        #expect(CustomerContact(parsing: "300 123 4567")?.masked == "300 *** **67")
        #expect(CustomerContact(parsing: " Ana.Perez@Example.com ")?.masked == "an***@example.com")
        guard case .email(let email)? = CustomerContact(parsing: "ana.perez@example.com") else {
            Issue.record("not an e-mail")
            return
        }
        #expect(email.address == "ana.perez@example.com" && "\(email)" == "an***@example.com")
        for bad in ["ana@", "@x.co", "ana@x", "ana @x.co", "ana@x.c0", "ana@-x.co", "12345", String(repeating: "a", count: 99) + "@x.co"] {
            #expect(CustomerContact(parsing: bad) == nil, "\(bad)")
        }
    }
}
