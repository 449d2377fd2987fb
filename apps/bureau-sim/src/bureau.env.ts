/** Typed context of every /bureau/:city route: the validated city code. */
export type BureauEnv = { Variables: { city: string } };
