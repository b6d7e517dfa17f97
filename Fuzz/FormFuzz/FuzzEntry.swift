// libFuzzer entry for the form bodies of the web pages (a field name like `a[=1` once gave a
// server error). Built by scripts/fuzz with the form decoder's sources, outside SwiftPM.

struct UserForm: Decodable {
    var username: String?
    var displayName: String?
    var authorityId: String?
    var roles: [String]?
    var enabled: String?
}

struct PersonForm: Decodable {
    var surname: String?
    var givenNames: String?
    var nationalities: [String]?
    var identity: [String: String]?
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzForm(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    // Any input either decodes or throws; neither may crash.
    _ = try? URLEncodedFormDecoder().decode(UserForm.self, from: text)
    _ = try? URLEncodedFormDecoder().decode(PersonForm.self, from: text)
    return 0
}
