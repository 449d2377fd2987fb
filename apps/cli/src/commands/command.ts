/** One `lianxu <command>`: its name, a line of help, and what it runs. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}
