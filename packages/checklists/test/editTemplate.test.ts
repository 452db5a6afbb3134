import { describe, expect, it } from "vitest"
import { addItem, removeItem, retimeItem } from "../src/editTemplate.ts"
import {
  DependencyCycle,
  PinnedBeforeDependency,
  UnknownChecklistItem,
  UnknownDependency
} from "../src/errors.ts"
import { launch } from "../src/templates/launch.ts"

describe("extending templates", () => {
  const charge = {
    id: "charge-headphones",
    title: "Charge the VIP headphones",
    owner: "merch",
    anchor: "doors",
    offset: -180,
    duration: 60,
    dependsOn: [{ item: "prepare-vip-bundles" }]
  }

  it("adds an item after another and checks it", () => {
    const t = addItem(launch, charge, { after: "prepare-vip-bundles", id: "my-launch" })
    expect(t.id).toBe("my-launch")
    expect(t.items.map((x) => x.id).indexOf("charge-headphones")).toBe(
      launch.items.findIndex((x) => x.id === "prepare-vip-bundles") + 1
    )
    expect(() => addItem(launch, { ...charge, id: "test-purchase" })).toThrow(/used by items/)
    expect(() => addItem(launch, charge, { after: "nope" })).toThrow(UnknownChecklistItem)
  })

  it("rejects an added item that closes a cycle", () => {
    // publish-stream already depends (through set-drop-windows) on publish-base-tickets.
    const t = addItem(launch, { ...charge, dependsOn: [{ item: "publish-stream" }] })
    expect(() => retimeItem(t, "charge-headphones", { offset: -100 })).not.toThrow()
    const cyclic = {
      ...launch,
      items: launch.items.map((x) =>
        x.id === "publish-base-tickets" ? { ...x, dependsOn: [{ item: "charge-headphones" }] } : x
      )
    }
    expect(() => addItem(cyclic, { ...charge, dependsOn: [{ item: "publish-stream" }] })).toThrow(
      DependencyCycle
    )
  })

  it("removes an item only when nothing depends on it, and re-times with a check", () => {
    expect(removeItem(launch, "announce-drop").items.some((x) => x.id === "announce-drop")).toBe(false)
    expect(() => removeItem(launch, "test-purchase")).toThrow(UnknownDependency)
    expect(
      retimeItem(launch, "test-purchase", { duration: 30 }).items.find((x) => x.id === "test-purchase")
        ?.duration
    ).toBe(30)
    const pinned = retimeItem(
      {
        ...launch,
        items: launch.items.map((x) => (x.id === "brief-crew" ? { ...x, pinned: true, offset: -20 } : x))
      },
      "brief-crew",
      {}
    )
    expect(() => retimeItem(pinned, "test-purchase", { duration: 60 })).toThrow(PinnedBeforeDependency)
    expect(() => retimeItem(launch, "test-purchase", { duration: -1 })).toThrow(/items\.\d+\.duration/)
  })
})
