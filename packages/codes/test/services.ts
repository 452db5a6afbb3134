// The test servers' URLs and random names come from the one shared helper.
export { randomName, serviceUrl } from "../../../scripts/test-support/services.ts"
