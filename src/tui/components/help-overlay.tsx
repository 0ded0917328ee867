import { Box, Text } from 'ink';
import { KEY_HELP } from '../keys.js';

/** `?`: every key, in as many lines as fit. */
export function HelpOverlay({ height }: { height: number }): React.JSX.Element {
  const keyWidth = Math.max(...KEY_HELP.map(([key]) => key.length)) + 2;
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>Keys (any key closes this)</Text>
      {KEY_HELP.slice(0, Math.max(0, height - 1)).map(([key, what]) => (
        <Text key={key} wrap="truncate">
          <Text color="cyan">{key.padEnd(keyWidth)}</Text>
          {what}
        </Text>
      ))}
    </Box>
  );
}
