export function makeVapidKeys(): Promise<{ publicKey: string; privateKey: string }>;
