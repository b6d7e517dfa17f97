// libFuzzer entry for the MRZ parser. Built by scripts/fuzz-mrz with
// `swiftc -sanitize=fuzzer,address -parse-as-library` together with
// Sources/LiaisonCore/Documents/*.swift, outside SwiftPM.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMRZ(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let text = String(decoding: bytes, as: UTF8.self)
    if let result = try? MRZ.parse(text) {
        // Invariants that must hold for anything accepted as an MRZ.
        precondition(!result.issuingState.hasSuffix("<") && !result.documentNumber.hasSuffix("<"))
        precondition(result.birthDate.count == 6 && result.expiryDate.count == 6)
        precondition(!result.valid || result.checks.allPass)
    }
    return 0
}
