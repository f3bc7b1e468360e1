// A module worker that solves the API's proof-of-work challenge (ALTCHA, SHA-256): finds the
// number n <= maxNumber with SHA-256(salt + n) == challenge, with the browser's own
// crypto.subtle. It gets {algorithm, challenge, salt, maxNumber} and answers {number} or
// {number: null}. No text, no rule: what to do with the answer is the page's business.

const BATCH = 1000; // digests in flight at once

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

async function solve({algorithm, challenge, salt, maxNumber}) {
  if (algorithm !== "SHA-256" || !Number.isInteger(maxNumber) || maxNumber < 0) return null;
  const encoder = new TextEncoder();
  for (let start = 0; start <= maxNumber; start += BATCH) {
    const numbers = [];
    for (let n = start; n < start + BATCH && n <= maxNumber; n += 1) numbers.push(n);
    const digests = await Promise.all(
      numbers.map((n) => crypto.subtle.digest("SHA-256", encoder.encode(salt + n))));
    const found = digests.findIndex((digest) => hex(digest) === challenge);
    if (found >= 0) return numbers[found];
  }
  return null;
}

self.addEventListener("message", async (event) => {
  let number = null;
  try {
    number = await solve(event.data);
  } catch {
    number = null;
  }
  self.postMessage({number});
});
