/**
 * Splits an amount into parts by integer ratios so that the parts always add up to the whole.
 *
 * @since 0.1.0
 */
import { InvalidArgument } from "./errors.ts"
import { checkArray, checkBigInt, checkMoney, show } from "./internal/check.ts"
import { shares } from "./internal/shares.ts"
import type { Money } from "./Money.ts"

/**
 * Splits `money` into parts proportional to `ratios`, losing no minor unit.
 *
 * Each part first gets the floor of its exact share; the minor units left over (always fewer than the
 * number of parts) go one each to the parts with the **largest fractional remainder** (largest
 * remainder method), ties going to the larger ratio, then to the earlier part. So `allocate(1, [1, 3])`
 * gives `[0, 1]`, not `[1, 0]` as libraries that hand the remainder to the first part do. The work
 * depends on the number of parts, never on the amount: 10^18 minor units split instantly.
 * A negative amount is split as its absolute value, then negated.
 *
 * @param money - The amount to split.
 * @param ratios - Non-negative integers (bigint or safe integers), not all zero. Zero ratios get zero.
 * @returns One amount per ratio, in order; they sum to `money` exactly.
 * @throws InvalidArgument when `ratios` is empty, has a negative or non-integer entry, or sums to zero.
 * @example
 * ```ts
 * import { allocate, money } from "@microdrop/pricing"
 * allocate(money(100, "EUR"), [1, 2]).map((m) => m.amount) // => [33n, 67n]
 * allocate(money(1, "EUR"), [1, 3]).map((m) => m.amount) // => [0n, 1n]
 * ```
 * @since 0.1.0
 */
export const allocate = <C extends string>(
  money: Money<C>,
  ratios: ReadonlyArray<bigint | number>
): Array<Money<C>> => {
  checkMoney(money, "money")
  const amounts = allocateAmounts(money.amount, ratios)
  return amounts.map((amount) => ({ amount, currency: money.currency }))
}

/**
 * `allocate` on bare minor units (bigint), for hot paths that already hold amounts.
 *
 * @param amount - Minor units to split.
 * @param ratios - Non-negative integers, not all zero.
 * @returns One bigint per ratio; they sum to `amount`.
 * @throws InvalidArgument for empty, negative, non-integer or all-zero ratios.
 * @example
 * ```ts
 * import { allocateAmounts } from "@microdrop/pricing"
 * allocateAmounts(10n, [1, 1, 1]) // => [4n, 3n, 3n]
 * ```
 * @since 0.1.0
 */
export const allocateAmounts = (amount: bigint, ratios: ReadonlyArray<bigint | number>): bigint[] => {
  checkBigInt(amount, "amount")
  const n = checkArray(ratios, "ratios").length
  if (n === 0) throw new InvalidArgument({ argument: "ratios", rule: "must contain at least one ratio" })
  const rs: bigint[] = new Array(n)
  let total = 0n
  for (let i = 0; i < n; i++) {
    const r = ratios[i] as bigint | number
    if (typeof r !== "bigint" && !Number.isSafeInteger(r))
      throw new InvalidArgument({
        argument: "ratios",
        rule: `ratio ${typeof r === "number" ? r : show(r)} at index ${i} is not an integer; scale decimal ratios to integers (e.g. 0.25 → 25)`
      })
    const b = typeof r === "bigint" ? r : BigInt(r)
    if (b < 0n)
      throw new InvalidArgument({ argument: "ratios", rule: `ratio ${b} at index ${i} is negative` })
    rs[i] = b
    total += b
  }
  if (total === 0n) throw new InvalidArgument({ argument: "ratios", rule: "must not all be zero" })
  const negative = amount < 0n
  const parts = shares(negative ? -amount : amount, rs)
  if (negative) for (let i = 0; i < n; i++) parts[i] = -(parts[i] as bigint)
  return parts
}
