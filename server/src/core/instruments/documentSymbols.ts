/**
 * Official document symbols cited in texts: ILO Governing Body papers (`GB.316/POL/1`,
 * `GB.303/PFA/3/5`, `GB.295/PV`, `GB.303/11/1`) and UN documents (`A/68/190`, `A/RES/73/195`,
 * `A/C.3/68/L.1`).
 */

export interface SymbolMention {
  symbol: string;
  start: number;
  end: number;
}

const SYMBOL_RE =
  /(?<![\p{L}\p{N}\/.])(GB\.\d{3}\/(?:[A-Z]{2,6}|\d{1,3})(?:\/(?:\d{1,3}(?:\(Rev\.?\))?|[A-Z]{1,6}))*|[AES]\/(?:RES\/|C\.\d\/|CONF\.\d+\/|HRC\/)?\d{2}\/(?:L\.)?\d{1,4}(?:\/(?:Add|Rev|Corr)\.\d+)?)(?![\p{L}\p{N}]|\/[\p{L}\p{N}])/gu;

export function findDocumentSymbols(text: string): SymbolMention[] {
  const out: SymbolMention[] = [];
  // every symbol has a slash
  if (!text.includes('/')) return out;
  for (const m of text.matchAll(SYMBOL_RE)) out.push({ symbol: m[1], start: m.index!, end: m.index! + m[1].length });
  return out;
}

/** Symbols compare without regard to case or spacing (`gb.316/pol/1`). */
export function symbolKey(symbol: string): string {
  return symbol.replace(/\s+/g, '').toUpperCase();
}
