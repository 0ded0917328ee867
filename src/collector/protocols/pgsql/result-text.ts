/**
 * Builds the resp text of a Query or Execute from its result messages, in Pixie's shape: per
 * statement, an optional header line of column names, the rows as CSV, then the command tag,
 * all joined by newlines (`field0\n12345\nSELECT 1`). A Query's multiple statements are joined
 * by newlines too (Pixie keeps only the first; px keeps them all). Text stops growing past the
 * body limit, so a million-row result costs no more than its first rows.
 */
import { truncateText } from '../common/sql-text.js';
import type { Field } from './decode.js';

export class ResultText {
  /** The finished statements' texts, joined (strings rather than arrays: most hold one line). */
  private joined = '';
  private size = 0;
  private fields: readonly Field[] | undefined;
  /** The current statement's rows, joined. */
  private rows = '';
  private rowCount = 0;
  private units = 0;

  /** @param showHeader Pixie prints the header only when the RowDescription came with the rows. */
  constructor(
    private readonly limit: number,
    private readonly showHeader: boolean,
  ) {}

  get hasOutput(): boolean {
    return this.units > 0;
  }

  onRowDescription(fields: readonly Field[]): void {
    this.fields = fields;
  }

  onRow(text: string): void {
    // The row that crosses the limit is kept, so the final cut (and its marker) happens.
    if (this.size > this.limit) return;
    this.rows = this.rowCount === 0 ? text : `${this.rows}\n${text}`;
    this.rowCount++;
    this.size += text.length + 1;
  }

  /** CommandComplete (or PortalSuspended): closes one statement's output with its tag. */
  onComplete(tag: string): void {
    if (this.rowCount === 0) {
      this.addUnit(tag);
    } else if (this.showHeader && this.fields && this.fields.length > 0) {
      const header = this.fields.map((f) => f.name).join(',');
      this.addUnit(`${header}\n${this.rows}\n${tag}`);
    } else {
      this.addUnit(`${this.rows}\n${tag}`);
    }
  }

  onError(text: string): void {
    this.addUnit(text);
  }

  onEmptyQuery(): void {
    this.addUnit('');
  }

  text(): string {
    return truncateText(this.joined, this.limit);
  }

  private addUnit(text: string): void {
    this.joined = this.units === 0 ? text : `${this.joined}\n${text}`;
    this.size += text.length + 1;
    this.units++;
    this.fields = undefined;
    this.rows = '';
    this.rowCount = 0;
  }
}
