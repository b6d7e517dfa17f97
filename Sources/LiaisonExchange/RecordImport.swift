import Foundation
import LiaisonCore
import LiaisonNode

/// Bulk import into the built-in administrative records: JSON lines
/// (`{"reference", "subject", "situation"}` per line, strict as the API) or CSV with a header
/// naming the columns of `RecordImport.csvColumns`. Every row is checked first; one bad row
/// refuses the whole file with the line numbers of every problem, so nothing half-imports.
public enum RecordImport {
    public enum Format: String, Sendable, CaseIterable {
        case jsonl, csv
    }

    public struct Row: Sendable {
        public var line: Int
        public var reference: String
        public var subject: PersonIdentity
        public var situation: AdministrativeSituation
    }

    public struct Problem: Error, Sendable, Equatable {
        public var line: Int
        public var message: String
    }

    public struct Rejected: Error, Sendable {
        public var problems: [Problem]

        public var description: String {
            problems.prefix(20).map { "line \($0.line): \($0.message)" }.joined(separator: "\n")
                + (problems.count > 20 ? "\n… and \(problems.count - 20) more" : "")
        }
    }

    public static let maximumRows = 100_000

    public static let csvColumns = [
        "reference", "familyNames", "givenNames", "sex", "birthDate", "nationality", "documentNumber", "procedureType",
        "procedureStatus", "fileReference", "competentAuthority", "rightToStay", "entryBanUntil",
    ]

    public static func parse(_ text: String, format: Format) throws(Rejected) -> [Row] {
        var rows: [Row] = []
        var problems: [Problem] = []
        let parsed: [(Int, Result<Row, Problem>)] =
            switch format {
            case .jsonl: jsonLines(text)
            case .csv: csv(text)
            }
        for (line, result) in parsed {
            switch result {
            case .success(let row):
                do {
                    try ExchangeRules.checkAdministrativeOnly(subject: row.subject, situation: row.situation, remarks: nil)
                    rows.append(row)
                } catch {
                    problems.append(Problem(line: line, message: error.detail))
                }
            case .failure(let problem):
                problems.append(problem)
            }
        }
        var seen: [String: Int] = [:]
        for row in rows {
            if let first = seen[row.reference] {
                problems.append(Problem(line: row.line, message: "reference \(row.reference) also on line \(first)"))
            }
            seen[row.reference] = seen[row.reference] ?? row.line
        }
        if rows.count > maximumRows { problems.append(Problem(line: 0, message: "at most \(maximumRows) records per file")) }
        if rows.isEmpty, problems.isEmpty { problems.append(Problem(line: 0, message: "the file holds no records")) }
        guard problems.isEmpty else { throw Rejected(problems: problems.sorted { $0.line < $1.line }) }
        return rows
    }

    struct JSONRow: Codable {
        var reference: String
        var subject: PersonIdentity
        var situation: AdministrativeSituation
    }

    static func jsonLines(_ text: String) -> [(Int, Result<Row, Problem>)] {
        text.components(separatedBy: "\n").enumerated().compactMap { index, line -> (Int, Result<Row, Problem>)? in
            let line = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty else { return nil }
            do {
                let row = try AdministrativeContent.decode(JSONRow.self, from: Data(line.utf8))
                return (index + 1, .success(Row(line: index + 1, reference: row.reference, subject: row.subject, situation: row.situation)))
            } catch let error as PolicyError {
                return (index + 1, .failure(Problem(line: index + 1, message: error.detail)))
            } catch {
                return (index + 1, .failure(Problem(line: index + 1, message: "not a record")))
            }
        }
    }

    static func csv(_ text: String) -> [(Int, Result<Row, Problem>)] {
        let records = CSV.records(text)
        guard let header = records.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces) }) else { return [] }
        let unknown = header.filter { !csvColumns.contains($0) }
        guard unknown.isEmpty, header.contains("reference"), header.contains("familyNames") else {
            let message =
                unknown.isEmpty
                ? "the header needs at least reference and familyNames"
                : "unknown columns \(unknown.joined(separator: ", ")); known: \(csvColumns.joined(separator: ", "))"
            return [(1, .failure(Problem(line: 1, message: message)))]
        }
        return records.dropFirst().compactMap { record -> (Int, Result<Row, Problem>)? in
            guard !(record.fields.count == 1 && record.fields[0].isEmpty) else { return nil }
            guard record.fields.count == header.count else {
                return (record.line, .failure(Problem(line: record.line, message: "\(record.fields.count) fields, the header has \(header.count)")))
            }
            var value: [String: String] = [:]
            for (name, field) in zip(header, record.fields) where !field.isEmpty { value[name] = field }
            return (record.line, row(value, line: record.line))
        }
    }

    static func row(_ value: [String: String], line: Int) -> Result<Row, Problem> {
        func problem(_ message: String) -> Result<Row, Problem> { .failure(Problem(line: line, message: message)) }
        guard let reference = value["reference"], let family = value["familyNames"] else { return problem("reference and familyNames are required") }
        let nationality = value["nationality"]?.uppercased()
        let subject = PersonIdentity(
            familyNames: family, givenNames: value["givenNames"], sex: value["sex"]?.uppercased(), birthDate: value["birthDate"],
            nationalities: nationality.map { [$0] } ?? [],
            documents: value["documentNumber"].map { [TravelDocument(type: "P", number: $0.uppercased(), issuingState: nationality ?? "XXX")] } ?? [])
        var procedures: [Procedure] = []
        if let typeName = value["procedureType"] {
            guard let type = ProcedureType(rawValue: typeName) else {
                return problem("procedureType \(typeName) is not one of \(ProcedureType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let status = value["procedureStatus"].flatMap(ProcedureStatus.init(rawValue:)) else {
                return problem("procedureStatus must be one of \(ProcedureStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            procedures.append(Procedure(type: type, status: status, competentAuthority: value["competentAuthority"], fileReference: value["fileReference"]))
        }
        guard let rightToStay = RightToStay(rawValue: value["rightToStay"] ?? "unknown") else {
            return problem("rightToStay must be one of \(RightToStay.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let situation = AdministrativeSituation(
            procedures: procedures, rightToStay: rightToStay, entryBan: value["entryBanUntil"].map { EntryBan(until: $0) })
        return .success(Row(line: line, reference: reference, subject: subject, situation: situation))
    }
}

/// RFC 4180 CSV: fields separated by commas, quoted with double quotes when they hold commas,
/// quotes or line breaks; a quote inside a quoted field is doubled.
enum CSV {
    struct Record {
        var line: Int
        var fields: [String]
    }

    static func records(_ text: String) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1, recordLine = 1
        var iterator = text.makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = iterator.next()
                    if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty: quoted = true
            case ",": fields.append(field); field = ""
            case "\n", "\r\n", "\r":
                fields.append(field)
                records.append(Record(line: recordLine, fields: fields))
                fields = []
                field = ""
                line += 1
                recordLine = line
            default: field.append(character)
            }
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append(Record(line: recordLine, fields: fields))
        }
        return records
    }
}
