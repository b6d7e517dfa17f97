// libFuzzer entry for the bulk import of administrative records (CSV and JSON lines), which
// reads files officials upload. Built by scripts/fuzz with LiaisonCore's sources and
// RecordImport.swift in one module, outside SwiftPM. The first byte picks the format.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecords(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let format: RecordImport.Format = bytes[0] % 2 == 0 ? .csv : .jsonl
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    do {
        let rows = try RecordImport.parse(text, format: format)
        // Invariants of an accepted file: one row per data line at most, each with a reference.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.count
        precondition(rows.count <= lines)
        precondition(rows.allSatisfy { !$0.reference.isEmpty && $0.line >= 1 })
    } catch {
        // A refusal names at least one line.
        precondition(!error.problems.isEmpty)
    }
    return 0
}
