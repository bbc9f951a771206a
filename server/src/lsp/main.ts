// Language server entry point (wiring lands with the language-server issue).
export {};
