// Vite's `?raw` imports (a file's text, bundled): how the simulator ships its recorded bodies.
declare module '*?raw' {
  const text: string;
  export default text;
}
