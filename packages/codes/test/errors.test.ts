import { describe, expect, it } from "vitest"
import {
  InvalidCharacter,
  InvalidCheckCharacter,
  InvalidCodeOptions,
  InvalidLength,
  InvalidPrefix,
  NonCanonicalEncoding
} from "../src/index.js"

describe("errors", () => {
  it("each error carries its tag, its name, its fields and a message a person can act on", () => {
    const cases = [
      [
        new InvalidCharacter({ index: 2, character: "U" }),
        "InvalidCharacter",
        "Character 'U' at position 3 is not a code character (U is left out of the alphabet on purpose): use 0-9 and A-Z except I, L, O, U. Ask the person to re-read that character."
      ],
      [
        new InvalidLength({ length: 1, expected: "exactly 9 characters" }),
        "InvalidLength",
        "The code has 1 character but must have exactly 9 characters: check that nothing was left out or typed twice."
      ],
      [
        new NonCanonicalEncoding({ index: 3 }),
        "NonCanonicalEncoding",
        "The last character (position 4) has padding bits set, so this is not a Base32 string produced by an encoder; check the last character."
      ],
      [
        new InvalidCheckCharacter({ code: "ABCDZ" }),
        "InvalidCheckCharacter",
        "The code ABCDZ fails its check character: a character is mistyped or two neighbouring characters are swapped. Ask the person to read it again."
      ],
      [
        new InvalidPrefix({ expected: "MD", code: "XXAB" }),
        "InvalidPrefix",
        "The code XXAB does not start with MD: it belongs to another batch or event, or its first characters were mistyped."
      ],
      [
        new InvalidCodeOptions({ option: "length", rule: "must be positive" }),
        "InvalidCodeOptions",
        'Invalid option "length": must be positive.'
      ]
    ] as const
    for (const [error, tag, message] of cases) {
      expect(error._tag).toBe(tag)
      expect(error.name).toBe(tag)
      expect(error.message).toBe(message)
      expect(error).toBeInstanceOf(Error)
    }
  })
})
