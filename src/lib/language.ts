/** The languages the app is translated into. */
export type Language = 'en' | 'zh';
