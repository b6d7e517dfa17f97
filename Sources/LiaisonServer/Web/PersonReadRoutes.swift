import Foundation
import Hummingbird
import LiaisonAPI
import LiaisonCore
import LiaisonExchange

/// The data protection officer's review of reads: who read which person, when and why, by
/// user, by person and by period, with what stands out, as a page, CSV and JSON.
struct PersonReadRoutes {
    let services: LiaisonServices

    func register(web: ProtectedRoutes, api: ProtectedRoutes) {
        web.get("/dpo/reads", .reviewReads) { request, context in
            let strings = services.renderer.strings(context)
            var data: [String: Any] = ["filter": filterFields(request)]
            do {
                let review = try await services.exchange.reviewReads(try filter(request), by: context.exchangeActor)
                data.merge(page(review, strings: strings, query: request.uri.query ?? "")) { $1 }
            } catch let presentable as any Presentable {
                let error = presentable.presented
                data["failure"] = strings.detail(of: error)
                data["errors"] = strings.fields(of: error)
                return services.renderer.page(
                    "person-reads", title: strings("reads.title"), request: context, principal: context.principal, currentPath: "/dpo/reads", data: data,
                    status: error.status)
            }
            return services.renderer.page(
                "person-reads", title: strings("reads.title"), request: context, principal: context.principal, currentPath: "/dpo/reads", data: data)
        }
        web.get("/dpo/reads.csv", .reviewReads) { request, context in
            let review = try await services.exchange.reviewReads(try filter(request), by: context.exchangeActor)
            var lines = [CSVText.line(["at", "user", "person", "purpose", "auditSequence", "outsideWorkingHours", "noOpenExchange", "manyReadsThatDay"])]
            for read in review.reads {
                lines.append(
                    CSVText.line([
                        read.at.ISO8601Format(), read.user, read.person, read.purpose, String(read.auditSequence), yes(read.outsideWorkingHours),
                        yes(read.noOpenExchange), yes(read.manyReadsThatDay),
                    ]))
            }
            var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: lines.joined(separator: "\r\n") + "\r\n")))
            response.headers[.contentType] = "text/csv; charset=utf-8"
            response.headers[.contentDisposition] = "attachment; filename=\"person-reads.csv\""
            return response
        }
        api.get("/person-reads", .reviewReads) { request, context in
            let review = try await services.exchange.reviewReads(try filter(request), by: context.exchangeActor)
            return try json(
                API.PersonReadReview(
                    reads: review.reads.map {
                        API.PersonRead(
                            at: $0.at, user: $0.user, person: $0.person, purpose: $0.purpose, auditSequence: $0.auditSequence,
                            outsideWorkingHours: $0.outsideWorkingHours, noOpenExchange: $0.noOpenExchange, manyReadsThatDay: $0.manyReadsThatDay)
                    },
                    matched: review.matched, heavyReaders: review.heavyReaders.map { API.HeavyReader(user: $0.user, day: $0.day, reads: $0.reads) },
                    outsideWorkingHours: review.outsideWorkingHours, noOpenExchange: review.noOpenExchange))
        }
    }

    private func yes(_ flag: Bool) -> String { flag ? "yes" : "no" }

    private func text(_ request: Request, _ name: String) -> String? {
        request.uri.queryParameters.get(name).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    private func filterFields(_ request: Request) -> [String: String] {
        ["user": text(request, "user") ?? "", "person": text(request, "person") ?? "", "from": text(request, "from") ?? "", "to": text(request, "to") ?? ""]
    }

    /// The filter from the query: days are whole days in the node's time zone, `to` included.
    private func filter(_ request: Request) throws -> ExchangeService.PersonReadFilter {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = services.configuration.exchange.readReview.timeZone
        func day(_ name: String) throws -> Date? {
            guard let value = text(request, name) else { return nil }
            let parts = value.split(separator: "-").compactMap { Int($0) }
            guard value.count == 10, parts.count == 3,
                let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
                calendar.component(.day, from: date) == parts[2]
            else {
                throw AppError.invalid("Give days as YYYY-MM-DD.", fields: [name: "YYYY-MM-DD"])
            }
            return date
        }
        let user = text(request, "user"), person = text(request, "person")
        guard (user?.count ?? 0) <= 100, (person?.count ?? 0) <= 200 else {
            throw AppError.invalid("A user name or a person's reference is too long.", fields: [:])
        }
        let from = try day("from")
        let until = try day("to").flatMap { calendar.date(byAdding: .day, value: 1, to: $0) }
        return ExchangeService.PersonReadFilter(user: user, person: person, from: from, until: until)
    }

    private func page(_ review: ExchangeService.ReadReview, strings: Strings, query: String) -> [String: Any] {
        [
            "reads": review.reads.map { read -> [String: Any] in
                [
                    "at": DisplayFormat.second(read.at), "user": read.user, "person": read.person, "purpose": read.purpose,
                    "sequence": String(read.auditSequence), "outside": read.outsideWorkingHours, "unopened": read.noOpenExchange,
                    "many": read.manyReadsThatDay,
                    "flagged": read.outsideWorkingHours || read.noOpenExchange || read.manyReadsThatDay,
                ]
            },
            "matched": String(review.matched), "shown": String(review.reads.count),
            "hasHeavy": !review.heavyReaders.isEmpty,
            "heavy": review.heavyReaders.map { ["user": $0.user, "day": $0.day, "reads": String($0.reads)] },
            "outsideCount": String(review.outsideWorkingHours), "unopenedCount": String(review.noOpenExchange),
            "csv": "/dpo/reads.csv" + (query.isEmpty ? "" : "?" + query),
        ]
    }
}
