/**
 * `noise`: numbers moved by a keyed factor within ±p%.
 * @module
 */
import { prf53 } from "../_prf.ts";
import type { ColumnShape } from "../column.ts";
import { type Strategy, valueError } from "../strategy.ts";

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL = /^([+-]?(inf|infinity)|nan)$/i;
const FLOAT4_MAX = 3.4028234663852886e38;

/** The number `y` written to fit `column`; `decimals`: the input's digits after the point. */
function format(y: number, column: ColumnShape, decimals: number): string {
  switch (column.family) {
    case "integer": {
      const max = column.integerMax ?? Number.MAX_SAFE_INTEGER;
      const r = Math.round(y);
      if (r >= max) return max === 9223372036854775807 ? "9223372036854775807" : String(max);
      if (r <= -max) return max === 9223372036854775807 ? "-9223372036854775807" : String(-max);
      return r === 0 ? "0" : String(r);
    }
    case "numeric": {
      const scale = column.scale ?? decimals;
      let z = y;
      if (column.precision !== null) {
        const limit = 10 ** (column.precision - scale) - 10 ** -scale;
        z = Math.max(-limit, Math.min(limit, z));
      }
      const text = Math.abs(z) < 1e21 ? z.toFixed(Math.min(scale, 100)) : String(z);
      return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
    }
    default: {
      const z = /^real|float4$/.test(column.type.trim()) ? Math.max(-FLOAT4_MAX, Math.min(FLOAT4_MAX, y)) : y;
      return String(z === 0 ? 0 : z);
    }
  }
}

/** The `noise` strategy. */
export const noise: Strategy = {
  name: "noise",
  summary: "Numbers multiplied by a keyed factor between 1 - p% and 1 + p%, rounded to the column's scale and " +
    "kept within its precision.",
  example: { rule: { strategy: "noise", percent: 10 }, input: "4200.50" },
  options: {
    percent: { type: "number", min: 0.000001, max: 100, default: 10, description: "Largest change, in percent." },
  },
  families: ["integer", "numeric", "float"],
  keyed: true,
  injectivity: "Not injective: nearby numbers can meet after rounding.",
  notInjective: () => "noise can move two different numbers onto the same value",
  create({ key, options, column }) {
    const p = (options.percent as number) / 100;
    const sip = key.sip;
    return (v) => {
      if (v === null) return null;
      const t = v.trim();
      if (SPECIAL.test(t)) return v;
      if (!NUMBER.test(t)) throw valueError("noise", "a number");
      const dot = t.indexOf(".");
      const exp = t.search(/[eE]/);
      const decimals = dot < 0 ? 0 : (exp < 0 ? t.length : exp) - dot - 1;
      const u = prf53(sip, v) / 9007199254740992;
      return format(Number(t) * (1 + (2 * u - 1) * p), column, decimals);
    };
  },
};
