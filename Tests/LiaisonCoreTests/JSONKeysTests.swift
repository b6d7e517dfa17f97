import Foundation
import LiaisonCore
import Testing

@Suite("Duplicate JSON keys are found, however they are written")
struct JSONKeysTests {
    func duplicate(_ json: String) -> String? { JSONKeys.firstDuplicate(in: Data(json.utf8)) }

    @Test("a key twice in one object is found with its path; the same key in different objects is not a duplicate")
    func found() {
        #expect(duplicate(#"{"a":1,"a":2}"#) == "a")
        #expect(duplicate(#"{"subject":{"familyNames":"X","givenNames":"Y","familyNames":"Z"}}"#) == "subject.familyNames")
        #expect(duplicate(#"{"list":[{"a":1},{"a":2}],"a":3}"#) == nil)
        #expect(duplicate(#"{"a":{"a":{"a":1}}}"#) == nil)
        #expect(duplicate(#"{"x":[1,{"b":1,"c":[{"d":1,"d":2}]}]}"#) == "x.c.d")
        #expect(duplicate(#"[{"k":1},{"k":1,"k":2}]"#) == "k")
    }

    @Test("keys are compared as text: escapes and surrogate pairs are the characters they stand for")
    func escapes() {
        #expect(duplicate(#"{"a":1,"\u0061":2}"#) == "a")
        #expect(duplicate(#"{"\ud83d\ude00":1,"😀":2}"#) == "😀")
        #expect(duplicate(#"{"a\"b":1,"a\u0022b":2}"#) == "a\"b")
        #expect(duplicate(#"{"a\\":1,"a":2}"#) == nil)
    }

    @Test("lone and doubled surrogate halves are read, never trapped on (two high halves once stopped the node; found by fuzzing)")
    func broken() {
        #expect(duplicate(#"{"\uDBDD\uDBDD":1}"#) == nil)
        #expect(duplicate(#"t"\uDBDD\uDBDD\3\3"#) == nil)
        #expect(duplicate(#"{"\ud83d\ud83d\ude00":1,"\ufffd😀":2}"#) == "\u{FFFD}😀")
        #expect(duplicate(#"{"\ude00":1,"\ufffd":2}"#) == "\u{FFFD}")
    }

    @Test("values that look like keys, and strings holding braces or quotes, are not keys")
    func valuesAreNotKeys() {
        #expect(duplicate(#"{"a":"a","b":"a"}"#) == nil)
        #expect(duplicate(#"{"a":"{\"a\":1,\"a\":2}","b":"}, \"b\": ["}"#) == nil)
        #expect(duplicate(#"{"a":["a","a"]}"#) == nil)
        #expect(duplicate("not json") == nil)
        #expect(duplicate(#"{"unterminated"#) == nil)
    }
}
