// libFuzzer entry for JSON that comes from outside: API bodies and the signed bodies of
// envelopes at the receiver. Built by scripts/fuzz with LiaisonCore's sources, outside
// SwiftPM. The first byte picks the kind of body.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONBody(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let data = Data(bytes.dropFirst())
    let duplicate = JSONKeys.firstDuplicate(in: data)
    let iso = bytes[0] & 1 == 1
    let accepted: Bool
    switch bytes[0] % 10 / 2 {
    case 0: accepted = (try? AdministrativeContent.decode(RequestBody.self, from: data, iso8601Dates: iso)) != nil
    case 1: accepted = (try? AdministrativeContent.decode(AnswerBody.self, from: data, iso8601Dates: iso)) != nil
    case 2: accepted = (try? AdministrativeContent.decode(SpontaneousBody.self, from: data, iso8601Dates: iso)) != nil
    case 3: accepted = (try? AdministrativeContent.decode(FollowUpBody.self, from: data, iso8601Dates: iso)) != nil
    default: accepted = (try? AdministrativeContent.decode(ContactMessageBody.self, from: data, iso8601Dates: iso)) != nil
    }
    // A body with a key twice is never accepted, whatever else it holds.
    precondition(!(accepted && duplicate != nil))
    return 0
}
