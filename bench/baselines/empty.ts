/** Baseline of the bundle benchmark: a function that imports nothing (Node's own cost of loading a file). */
export const handler = async (): Promise<undefined> => undefined;
