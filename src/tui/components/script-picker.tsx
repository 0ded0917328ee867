import { Box, Text } from 'ink';
import type { Script } from '../../scripts/bundle.js';
import { pickerMatches } from '../key-reducer.js';

export interface ScriptPickerProps {
  readonly scripts: readonly Script[];
  readonly query: string;
  readonly selected: number;
  readonly height: number;
}

/** `p`: type to narrow the scripts (fuzzy), ↑↓ to choose, Enter to run. */
export function ScriptPicker(props: ScriptPickerProps): React.JSX.Element {
  const { scripts, query, selected, height } = props;
  const byName = new Map(scripts.map((s) => [s.name, s]));
  const matches = pickerMatches([...byName.keys()], query);
  const listHeight = Math.max(1, height - 2);
  const top = Math.max(0, selected - listHeight + 1);
  const nameWidth = Math.max(...scripts.map((s) => s.name.length)) + 2;
  return (
    <Box flexDirection="column" height={height}>
      <Text>
        <Text bold>script: </Text>
        {query}
        <Text inverse> </Text>
        <Text
          dimColor
        >{`  ${matches.length} of ${scripts.length} · Enter runs · Esc cancels`}</Text>
      </Text>
      {matches.slice(top, top + listHeight).map((name, i) => (
        <Text key={name} inverse={top + i === selected} wrap="truncate">
          <Text color="green">{name.padEnd(nameWidth)}</Text>
          {byName.get(name)?.short ?? ''}
        </Text>
      ))}
    </Box>
  );
}
