import { Box, Text } from 'ink';

export interface TitleBarProps {
  readonly scriptName: string;
  readonly args: readonly string[];
  readonly tabs: readonly string[];
  readonly current: number;
}

/** Script, its arguments, and the widgets as numbered tabs. */
export function TitleBar({ scriptName, args, tabs, current }: TitleBarProps): React.JSX.Element {
  return (
    <Box>
      <Text wrap="truncate">
        <Text bold color="green">
          {scriptName}
        </Text>
        {args.length > 0 ? <Text dimColor>{` ${args.join(' ')}`}</Text> : null}
        {tabs.map((tab, i) => (
          <Text
            key={`${i}-${tab}`}
            inverse={i === current}
            {...(i === current ? { color: 'cyan' } : {})}
          >
            {`  ${i + 1} ${tab} `}
          </Text>
        ))}
      </Text>
    </Box>
  );
}
