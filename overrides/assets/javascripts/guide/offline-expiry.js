// For the access-code checker (check-code.js) when the check API cannot be reached: a code's
// last valid day from the date printed on its letter, by the API's own rule
// (guide/access_code.py), computed by the guide's Python in the worker.
//
//   import { expiryFromIssueDate, prepareOfflineExpiry } from "./guide/offline-expiry.js";
//   prepareOfflineExpiry();                        // optional: start Pyodide in the background
//   const answer = await expiryFromIssueDate("2026-03-01");
//   // {status: "valid", expires_on: "2026-07-29", days_left: 12, validity_days: 150}
//   // status: "valid" | "expired" (days_left null) | "future-date" | "invalid-date"
//
// The promise rejects when the runtime cannot start (the page then keeps its own text).
import { localToday, startRuntime } from "./runtime.js";

export function prepareOfflineExpiry() {
  return startRuntime().ready;
}

export async function expiryFromIssueDate(issuedOn, today = localToday()) {
  return startRuntime().call("expiry", { issued_on: issuedOn, today });
}
