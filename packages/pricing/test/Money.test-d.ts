// Type-level promises of Money, checked by `tsc` (the package's typecheck includes test/).
import { add, compare, currency, type Money, money, subtract, sum } from "../src/index.ts"

const eur = money(100, "EUR")
const usd = money(100, "USD")

// Same currency: fine, and the currency code is kept in the type.
export const total: Money<"EUR"> = add(eur, money(5, "eur"))

// @ts-expect-error amounts in two currencies never add up, even before run time
add(eur, usd)
// @ts-expect-error nor subtract
subtract(usd, eur)
// @ts-expect-error nor compare
compare(eur, usd)
// @ts-expect-error nor sum into another currency
sum(currency("EUR"), [usd])
// @ts-expect-error a EUR amount is not a USD amount
export const wrong: Money<"USD"> = eur

// Codes only known at run time stay `string` and are checked at run time (CurrencyMismatch).
const code: string = "EUR"
export const dynamic: Money = sum(currency(code), [money(1, code), eur])
