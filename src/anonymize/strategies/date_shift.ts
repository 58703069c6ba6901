/**
 * `date_shift`: dates and timestamps moved by a keyed number of days.
 * @module
 */
import { prf53 } from "../_prf.ts";
import { type Strategy, valueError } from "../strategy.ts";

/** Days since 1970-01-01 of a proleptic Gregorian date (astronomical year: 1 BC is 0). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date `[year, month, day]` of a day number (inverse of {@link daysFromCivil}). */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

const ISO = /^(\d{4,})-(\d\d)-(\d\d)/;
/** PostgreSQL's limits: dates from 4714-11-24 BC; timestamps up to 294276 AD, dates up to 5874897 AD. */
const MIN_DAY = daysFromCivil(-4713, 11, 24);
const MAX_DATE = daysFromCivil(5874897, 12, 31);
const MAX_TIMESTAMP = daysFromCivil(294276, 12, 31);

/** The `date_shift` strategy. */
export const dateShift: Strategy = {
  name: "date_shift",
  summary: "Dates and timestamps moved by 1 to N days, earlier or later, chosen by the keyed hash of the value; " +
    "time of day and time zone kept.",
  example: { rule: { strategy: "date_shift", days: 30 }, input: "1985-04-12" },
  options: {
    days: { type: "integer", min: 1, max: 36500, default: 30, description: "Largest shift, in days, either way." },
  },
  families: ["date", "timestamp", "timestamptz", "text"],
  keyed: true,
  injectivity: "Not injective: two dates a few days apart can land on the same day.",
  notInjective: () => "date_shift can move two different dates onto the same day",
  create({ key, options, column }) {
    const n = options.days as number;
    const sip = key.sip;
    const max = column.family === "date" || column.family === "text" ? MAX_DATE : MAX_TIMESTAMP;
    return (v) => {
      if (v === null || v === "infinity" || v === "-infinity") return v;
      const m = ISO.exec(v);
      const month = m === null ? 0 : Number(m[2]);
      const dayOfMonth = m === null ? 0 : Number(m[3]);
      if (m === null || month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > 31) {
        throw valueError("date_shift", "an ISO date (YYYY-MM-DD…; the source must use DateStyle ISO)");
      }
      let rest = v.slice(m[0].length);
      const bc = rest.endsWith(" BC");
      if (bc) rest = rest.slice(0, -3);
      const year = Number(m[1]);
      const s = prf53(sip, v) % (2 * n);
      const shift = s < n ? -(s + 1) : s - n + 1;
      const day = Math.min(max, Math.max(MIN_DAY, daysFromCivil(bc ? 1 - year : year, month, dayOfMonth) + shift));
      const [y, mo, d] = civilFromDays(day);
      const shown = y <= 0 ? 1 - y : y;
      return `${String(shown).padStart(4, "0")}-${mo < 10 ? "0" : ""}${mo}-${d < 10 ? "0" : ""}${d}${rest}${
        y <= 0 ? " BC" : ""
      }`;
    };
  },
};
