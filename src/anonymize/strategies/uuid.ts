/**
 * `uuid`: UUIDs replaced one-to-one, version and variant kept.
 * @module
 */
import { FormatPreservingPermutation } from "../_fpe.ts";
import { type Strategy, valueError } from "../strategy.ts";

const UUID = /^\{?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\}?$/;
const HEX_LOWER = "0123456789abcdef";
const HEX_UPPER = "0123456789ABCDEF";
const sym = new Int32Array(32);
const radix = new Int32Array(32);
const pos = new Int32Array(32);
const units: number[] = [];

/** The `uuid` strategy. */
export const uuid: Strategy = {
  name: "uuid",
  summary: "UUIDs replaced by a keyed bijection of their 122 free bits; version and variant bits kept.",
  example: { rule: { strategy: "uuid" }, input: "3f2b8c1e-9a4d-4e7f-b6a1-0c2d3e4f5a6b" },
  options: {},
  families: ["uuid", "text"],
  keyed: true,
  injectivity: "Injective: a keyed Feistel permutation of the bits other than the version nibble and the two " +
    "variant bits.",
  notInjective: () => undefined,
  create({ key }) {
    const fpe = new FormatPreservingPermutation(key.sip);
    return (v) => {
      if (v === null) return null;
      if (!UUID.test(v)) throw valueError("uuid", "a UUID");
      let n = 0;
      let nibble = 0;
      let lower = 0, upper = 0;
      for (let i = 0; i < v.length; i++) {
        const c = v.charCodeAt(i);
        units[i] = c;
        let d = c - 0x30;
        if (c >= 0x61) {
          d = c - 0x57;
          lower++;
        } else if (c >= 0x41) {
          d = c - 0x37;
          upper++;
        } else if (c < 0x30 || c > 0x39) continue;
        if (nibble === 12) { // the version nibble stays
        } else if (nibble === 16) { // the two variant bits stay
          sym[n] = d & 3;
          radix[n] = 4;
          pos[n++] = i;
        } else {
          sym[n] = d;
          radix[n] = 16;
          pos[n++] = i;
        }
        nibble++;
      }
      units.length = v.length;
      fpe.encrypt(sym, radix, n, n);
      const hex = upper > 0 && lower === 0 ? HEX_UPPER : HEX_LOWER;
      for (let k = 0; k < n; k++) {
        const i = pos[k];
        const d = radix[k] === 4
          ? ((units[i] <= 0x39 ? units[i] - 0x30 : (units[i] | 0x20) - 0x57) & 12) | sym[k]
          : sym[k];
        units[i] = hex.charCodeAt(d);
      }
      return String.fromCharCode.apply(null, units);
    };
  },
};
