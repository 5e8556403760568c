export const PORT_FLOOR: number;
export function ephemeralStart(): number;
export function freePorts(count: number, random?: () => number): Promise<number[]>;
export function freePort(): Promise<number>;
export function isFree(port: number, host?: string): Promise<boolean>;
