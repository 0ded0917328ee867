import { messages, type SyntaxMessage } from './messages.js';

/**
 * An indentation width measured twice, as CPython does: with tab stops every 8 columns and
 * with a tab counted as one column. Two lines that compare differently under the two measures
 * mix tabs and spaces ambiguously.
 */
export interface IndentWidth {
  readonly wide: number;
  readonly narrow: number;
}

/** What a new logical line's indentation does to the block structure. */
export interface IndentChange {
  readonly indent: boolean;
  readonly dedents: number;
  readonly problem?: SyntaxMessage;
}

/** Python allows 100 nested blocks; so do we, which also bounds parser recursion. */
const MAX_LEVELS = 100;

/** Measures leading whitespace; form feed resets the count, as in CPython. */
export function measureIndent(whitespace: string): IndentWidth {
  let wide = 0;
  let narrow = 0;
  for (const ch of whitespace) {
    if (ch === '\f') {
      wide = 0;
      narrow = 0;
    } else {
      wide = ch === '\t' ? (Math.floor(wide / 8) + 1) * 8 : wide + 1;
      narrow += 1;
    }
  }
  return { wide, narrow };
}

/** The stack of open block indentations. */
export class IndentStack {
  private readonly levels: IndentWidth[] = [{ wide: 0, narrow: 0 }];

  /** Open blocks beyond the top level; each needs a DEDENT at the end of input. */
  get openBlocks(): number {
    return this.levels.length - 1;
  }

  /** Applies the indentation of a new logical line. */
  update(width: IndentWidth): IndentChange {
    const top = this.top();
    if (width.wide > top.wide) {
      if (this.levels.length > MAX_LEVELS) {
        return { indent: false, dedents: 0, problem: messages.tooDeep('blocks') };
      }
      this.levels.push(width);
      const mixed = width.narrow <= top.narrow;
      return { indent: true, dedents: 0, ...(mixed ? { problem: messages.tabsAndSpaces() } : {}) };
    }
    const widths = this.levels.map((level) => level.wide);
    let dedents = 0;
    while (this.top().wide > width.wide) {
      this.levels.pop();
      dedents += 1;
    }
    if (this.top().wide !== width.wide) {
      return { indent: false, dedents, problem: messages.inconsistentDedent(width.wide, widths) };
    }
    const mixed = this.top().narrow !== width.narrow;
    return { indent: false, dedents, ...(mixed ? { problem: messages.tabsAndSpaces() } : {}) };
  }

  private top(): IndentWidth {
    return this.levels[this.levels.length - 1] ?? { wide: 0, narrow: 0 };
  }
}
